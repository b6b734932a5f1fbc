// The `ouflow` command as a user runs it: exit codes, help, messages, and conversions between
// every pair of formats.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/common/temp_dir.h"

namespace ouflow {
namespace {

struct CommandResult {
  int code;
  std::string out, err;
};

CommandResult run(const std::string& args, const test::TempDir& dir) {
  const auto out = dir.path() / "stdout.txt", err = dir.path() / "stderr.txt";
  const std::string cmd = std::string(OUFLOW_BINARY) + " " + args + " >" + out.string() + " 2>" +
                          err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  auto slurp = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

std::string sioux() { return (test::data_dir() / "tntp/SiouxFalls/SiouxFalls_net.tntp").string(); }

TEST(Cli, HelpAndVersion) {
  test::TempDir dir;
  for (const char* sub : {"", "info ", "convert "}) {
    const CommandResult r = run(std::string(sub) + "--help", dir);
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub << r.out;
  }
  const CommandResult v = run("--version", dir);
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("ouflow 0."), std::string::npos) << v.out;
}

TEST(Cli, InfoPrintsCountsAndDemand) {
  test::TempDir dir;
  const CommandResult r = run("info " + sioux(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("nodes                   24"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("links                   76 (0 parallel"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("360600.00 trips"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;  // quiet when not a terminal
}

TEST(Cli, BadInputAndArgumentsExitTwo) {
  test::TempDir dir;
  const auto bad = dir.write("bad_net.tntp",
                             "<NUMBER OF ZONES> 1\n<NUMBER OF NODES> 2\n<NUMBER OF LINKS> 1\n"
                             "<END OF METADATA>\n1 2 -5 1 1 0.15 4 0 0 1 ;\n");
  CommandResult r = run("info " + bad.string(), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad_net.tntp:5: field 'capacity'"), std::string::npos) << r.err;
  r = run("info " + (dir.path() / "missing_net.tntp").string(), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("missing_net.tntp"), std::string::npos) << r.err;
  EXPECT_EQ(run("info --bogus " + sioux(), dir).code, 2);
  EXPECT_EQ(run("", dir).code, 2);
  EXPECT_EQ(run("frobnicate", dir).code, 2);
  EXPECT_EQ(run("info --time-unit weeks " + sioux(), dir).code, 2);
  // A failed conversion leaves nothing behind.
  const auto out = dir.path() / "never.pb";
  EXPECT_EQ(run("convert " + bad.string() + " " + out.string(), dir).code, 2);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Cli, ConvertsBetweenAllFormatsKeepingCounts) {
  test::TempDir dir;
  const std::string pb = (dir.path() / "sf.pb").string();
  const std::string txt = (dir.path() / "sf.pbtxt").string();
  const std::string gmns = (dir.path() / "sf_gmns").string();
  const std::string back = (dir.path() / "back_net.tntp").string();
  ASSERT_EQ(run("convert " + sioux() + " " + pb, dir).code, 0);
  ASSERT_EQ(run("convert " + pb + " " + txt, dir).code, 0);
  ASSERT_EQ(run("convert " + txt + " " + gmns + " --to gmns", dir).code, 0);
  ASSERT_EQ(run("convert " + gmns + " " + back, dir).code, 0);
  const std::string reference = run("info " + sioux(), dir).out;
  for (const std::string& p : {pb, txt, gmns, back}) {
    SCOPED_TRACE(p);
    const CommandResult r = run("info " + p, dir);
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* key : {"nodes   ", "links   ", "zones   ", "total demand"}) {
      auto line = [key](const std::string& s) {
        const auto at = s.find(key);
        return at == std::string::npos ? std::string() : s.substr(at, s.find('\n', at) - at);
      };
      EXPECT_EQ(line(r.out), line(reference)) << key;
    }
  }
}

}  // namespace
}  // namespace ouflow
