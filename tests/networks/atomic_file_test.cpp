// Output files: whole or absent, and special files (devices, FIFOs, symbolic links, "-") written
// through or followed, never replaced by a regular file.
#include "networks/io/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>

#include "tests/common/temp_dir.h"

namespace ouflow::io {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AtomicOutput, AFileAppearsOnlyOnCommit) {
  test::TempDir dir;
  const fs::path f = dir.path() / "out.csv";
  {
    AtomicOutput out(f);
    out.stream() << "a,b\n";
    EXPECT_FALSE(fs::exists(f));
  }  // never committed: nothing, and no temporary file left
  EXPECT_FALSE(fs::exists(f));
  EXPECT_TRUE(fs::is_empty(dir.path()));
  AtomicOutput out(f);
  out.stream() << "a,b\n";
  out.commit();
  EXPECT_EQ(slurp(f), "a,b\n");
}

TEST(AtomicOutput, ASymbolicLinkStaysALinkAndItsTargetIsReplaced) {
  test::TempDir dir;
  const fs::path target = dir.write("target.csv", "old\n");
  const fs::path link = dir.path() / "link.csv";
  fs::create_symlink(target, link);
  AtomicOutput out(link);
  out.stream() << "new\n";
  out.commit();
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(slurp(target), "new\n");
  // A dangling link: the file it names is created.
  const fs::path dangling = dir.path() / "dangling.csv";
  fs::create_symlink(dir.path() / "absent.csv", dangling);
  AtomicOutput out2(dangling);
  out2.stream() << "x\n";
  out2.commit();
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dangling)));
  EXPECT_EQ(slurp(dir.path() / "absent.csv"), "x\n");
}

TEST(AtomicOutput, ADeviceIsWrittenThroughNotReplaced) {
  AtomicOutput out("/dev/null");
  out.stream() << "discarded\n";
  out.commit();
  EXPECT_EQ(fs::status("/dev/null").type(), fs::file_type::character);
}

TEST(AtomicOutput, AFifoIsWrittenThrough) {
  test::TempDir dir;
  const fs::path fifo = dir.path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // The reader opens the pipe (opening for writing blocks until it does).
  std::future<std::string> read = std::async(std::launch::async, [&] { return slurp(fifo); });
  {
    AtomicOutput out(fifo);
    out.stream() << "through the pipe\n";
    out.commit();
  }
  EXPECT_EQ(read.get(), "through the pipe\n");
  EXPECT_EQ(fs::status(fifo).type(), fs::file_type::fifo);
}

TEST(AtomicOutput, ADashIsStandardOutput) {
  testing::internal::CaptureStdout();
  AtomicOutput out("-");
  out.stream() << "to stdout\n";
  out.commit();
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "to stdout\n");
}

TEST(AtomicOutput, ADirectoryIsRefusedByName) {
  test::TempDir dir;
  try {
    AtomicOutput out(dir.path());
    FAIL() << "a directory was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(dir.path().string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_directory(dir.path()));
}

}  // namespace
}  // namespace ouflow::io
