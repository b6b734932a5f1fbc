// Output files: whole or absent, and special files (devices, FIFOs, symbolic links, "-") written
// through or followed, never replaced by a regular file.
#include "networks/io/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

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

// A set of files appears whole or not at all; two outputs of one set naming one file are an
// error (issue 22: `--flows-out F --skim-out F` silently overwrote one with the other).
TEST(OutputSet, FilesAppearTogetherOrNotAtAll) {
  test::TempDir dir;
  const fs::path a = dir.path() / "a.csv", b = dir.path() / "b.csv";
  {
    OutputSet set;
    AtomicOutput oa(a);
    oa.stream() << "a\n";
    oa.commit();
    EXPECT_FALSE(fs::exists(a));  // committed files wait for the set
    AtomicOutput ob(b);
    ob.stream() << "b\n";
    ob.commit();
  }  // the set never committed (an error after the files): neither file, no temporary
  EXPECT_TRUE(fs::is_empty(dir.path()));
  {
    OutputSet set;
    for (const fs::path& f : {a, b}) {
      AtomicOutput o(f);
      o.stream() << f.filename().string();
      o.commit();
    }
    set.commit();
  }
  EXPECT_EQ(slurp(a), "a.csv");
  EXPECT_EQ(slurp(b), "b.csv");
  OutputSet set;
  AtomicOutput first(dir.path() / "c.csv");
  EXPECT_THROW(AtomicOutput again(dir.path() / "." / "c.csv"), std::invalid_argument);
}

TEST(OutputSet, NestedSetsJoinOrStandAlone) {
  test::TempDir dir;
  const fs::path joined = dir.path() / "joined.csv", alone = dir.path() / "alone.csv";
  {
    OutputSet outer;
    {
      OutputSet inner;  // joins: renamed with the outer set
      AtomicOutput o(joined);
      o.stream() << "x";
      o.commit();
      inner.commit();
    }
    {
      OutputSet own(OutputSet::Nesting::kIndependent);  // e.g. one batch proposal's folder
      AtomicOutput o(alone);
      o.stream() << "y";
      o.commit();
      own.commit();
    }
    EXPECT_FALSE(fs::exists(joined));
    EXPECT_TRUE(fs::exists(alone));
  }  // the outer set fails
  EXPECT_FALSE(fs::exists(joined));
  EXPECT_TRUE(fs::exists(alone));
  EXPECT_EQ(OutputSet::current(), nullptr);
}

// SIGTERM while outputs are open (one written, one committed into a set): the process ends by the
// signal and leaves no temporary (issue 22: NAME.tmp.PID files of up to 61 MB were left).
TEST(OutputSet, ASignalLeavesNoTemporaries) {
  test::TempDir dir;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    remove_temporaries_on_signals();
    OutputSet set;
    AtomicOutput done(dir.path() / "done.csv");
    done.stream() << "committed into the set\n";
    done.commit();
    AtomicOutput open(dir.path() / "open.csv");
    open.stream() << "being written\n";
    open.stream().flush();
    std::raise(SIGTERM);
    std::_Exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

// Fault injection on a real file system: a full disk and a read-only one (small tmpfs mounts;
// they need root, as in CI, and are skipped with the reason otherwise). The error names the file
// and the cause; nothing is left behind.
class FullOrReadOnlyDisk : public ::testing::Test {
 protected:
  // Mounts a tmpfs of `size` with `options` on a fresh folder; false (and why) when it cannot.
  bool mount(const std::string& options, std::string& why) {
    if (::geteuid() != 0) {
      why = "mounting a small file system needs root (CI runs as root)";
      return false;
    }
    point_ = dir_.path() / "mnt";
    fs::create_directories(point_);
    const std::string cmd =
        "mount -t tmpfs -o " + options + " ouflow_test " + point_.string() + " 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) {
      why = "mount -t tmpfs failed here (no mount permission in this container)";
      return false;
    }
    mounted_ = true;
    return true;
  }
  void TearDown() override {
    if (mounted_) (void)std::system(("umount " + point_.string()).c_str());
  }
  test::TempDir dir_;
  fs::path point_;
  bool mounted_ = false;
};

TEST_F(FullOrReadOnlyDisk, AFullDiskNamesTheFileAndTheCause) {
  std::string why;
  if (!mount("size=64k", why)) GTEST_SKIP() << why;
  const fs::path f = point_ / "flows.csv";
  try {
    AtomicOutput out(f);
    const std::string line(1000, 'x');
    for (int i = 0; i < 1000; ++i) out.stream() << line << '\n';  // 1 MB into 64 KB
    out.commit();
    FAIL() << "a full disk was not noticed";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(f.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No space left on device"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(point_));
}

TEST_F(FullOrReadOnlyDisk, AReadOnlyFolderNamesTheFileAndTheCause) {
  std::string why;
  if (!mount("ro,size=64k", why)) GTEST_SKIP() << why;
  const fs::path f = point_ / "flows.csv";
  try {
    AtomicOutput out(f);
    FAIL() << "a read-only file system was written";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(f.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Read-only file system"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ouflow::io
