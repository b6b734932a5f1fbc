// What a run leaves on disk when it fails or is stopped (issue 22): the outputs of one command
// appear together or not at all, two outputs naming one file are an error, a folder named like
// a file is not written into, and SIGTERM leaves no temporary file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "tests/common/cli.h"
#include "tests/common/temp_dir.h"

namespace ouflow {
namespace {

namespace fs = std::filesystem;
using test::run_ouflow;

std::string sioux() { return (test::data_dir() / "tntp/SiouxFalls/SiouxFalls_net.tntp").string(); }

bool has_temporary(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().find(".tmp.") != std::string::npos) return true;
  }
  return false;
}

TEST(OutputsCli, TwoOutputsNamingOneFileAreAnError) {
  test::TempDir dir;
  const fs::path f = dir.path() / "out.csv";
  const test::CommandResult r = run_ouflow(
      "assign " + sioux() + " --gap 1e-3 --flows-out " + f.string() + " --skim-out " + f.string(),
      dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("two outputs of this run name the same file"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(f));
}

TEST(OutputsCli, AFolderNamedLikeAFileIsNotWrittenInto) {
  test::TempDir dir;
  const fs::path x = dir.path() / "x.pb";
  fs::create_directories(x);
  const test::CommandResult r = run_ouflow("convert " + sioux() + " " + x.string(), dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("is a folder, but its name says .pb"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(x));
}

// A GMNS folder whose link.csv cannot be written: no node.csv or config.csv is left either.
TEST(OutputsCli, AFailedFolderLeavesNoPartialSet) {
  test::TempDir dir;
  const fs::path out = dir.path() / "gmns";
  fs::create_directories(out / "link.csv");  // a directory where a file must go
  const test::CommandResult r = run_ouflow("convert " + sioux() + " " + out.string(), dir);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("link.csv"), std::string::npos) << r.err;
  for (const auto& e : fs::directory_iterator(out)) {
    EXPECT_EQ(e.path().filename(), "link.csv") << "left behind: " << e.path();
  }
}

// SIGTERM while a run waits to write its second output (a FIFO nobody reads yet) and its first
// is done: the process ends by the signal, and neither output nor temporary is left.
TEST(OutputsCli, SigtermLeavesNoTemporaries) {
  test::TempDir dir;
  const fs::path fifo = dir.path() / "iso.fifo", stops = dir.path() / "stops.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string feed = (test::data_dir() / "gtfs/sample-feed-1.zip").string();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::execl(OUFLOW_BINARY, OUFLOW_BINARY, "-q", "isochrone", "--gtfs", feed.c_str(), "--from",
            "36.425288,-117.133162", "--date", "2008-06-02", "--depart", "06:00", "--stops-out",
            stops.c_str(), "--out", fifo.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  // The stops file is written (as a temporary, waiting for the run to end) before the FIFO.
  bool waiting = false;
  for (int i = 0; i < 400 && !waiting; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    waiting = has_temporary(dir.path());
  }
  EXPECT_TRUE(waiting) << "the run never reached its second output";
  ASSERT_EQ(::kill(child, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_FALSE(has_temporary(dir.path()));
  EXPECT_FALSE(fs::exists(stops));
}

}  // namespace
}  // namespace ouflow
