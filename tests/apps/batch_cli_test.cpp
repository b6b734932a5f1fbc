// `ouflow batch` as a user runs it, on the tiny batch of tests/sim/evaluation/batch_fixture.h:
// failed proposals exit 3 and are named by file:line while the others are ranked; the ranking is
// the same bytes for any --jobs/--threads and under `mpirun -np 2` (when the build has MPI and
// mpirun runs); bad arguments exit 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "tests/common/cli.h"
#include "tests/sim/evaluation/batch_fixture.h"

namespace ouflow {
namespace {

namespace fs = std::filesystem;
using test::CommandResult;
using test::slurp;

std::string args_of(const test::TinyBatch& b, const fs::path& out, bool with_bad) {
  std::string a = "batch --base " + b.base.string() + " --out " + out.string();
  for (std::size_t i = 0; i < b.proposals.size(); ++i) {
    if (i >= 3 && !with_bad) break;
    a += " " + b.proposals[i].string();
  }
  return a;
}

TEST(BatchCli, FailedProposalsExitThreeAndTheOthersAreRanked) {
  test::TempDir dir;
  const test::TinyBatch b = test::write_tiny_batch(dir);
  const fs::path out = dir.path() / "out";
  const CommandResult r = test::run_ouflow(args_of(b, out, true) + " --jobs 2", dir);
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("bad.pbtxt:4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("other_base.pbtxt:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 of 5 proposals failed"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("ranked by pop_60_gain"), std::string::npos) << r.out;
  const std::string csv = slurp(out / "ranking.csv");
  std::size_t lines = 0, ok = 0;
  for (std::size_t p = csv.find('\n'); p != std::string::npos; p = csv.find('\n', p + 1)) ++lines;
  for (std::size_t p = csv.find(",ok,"); p != std::string::npos; p = csv.find(",ok,", p + 1)) ++ok;
  EXPECT_EQ(lines, 6u) << csv;
  EXPECT_EQ(ok, 3u) << csv;
  for (const char* f : {"ranking.md", "ranking.svg", "fast_bus/indicators.json",
                        "brt/zone_changes.geojson", "road/report.md"}) {
    EXPECT_TRUE(fs::exists(out / f)) << f;
  }
}

TEST(BatchCli, RankingIsTheSameForAnyJobsThreadsAndUnderMpi) {
  test::TempDir dir;
  const test::TinyBatch b = test::write_tiny_batch(dir);
  const CommandResult one =
      test::run_ouflow(args_of(b, dir.path() / "one", true) + " --jobs 1 --threads 1 -q", dir);
  ASSERT_EQ(one.code, 3) << one.err;
  const CommandResult two =
      test::run_ouflow(args_of(b, dir.path() / "two", true) + " --jobs 2 --threads 2 -q", dir);
  ASSERT_EQ(two.code, 3) << two.err;
  const std::string csv = slurp(dir.path() / "one" / "ranking.csv");
  EXPECT_EQ(slurp(dir.path() / "two" / "ranking.csv"), csv);
  EXPECT_EQ(slurp(dir.path() / "two" / "ranking.md"), slurp(dir.path() / "one" / "ranking.md"));
  EXPECT_EQ(slurp(dir.path() / "two" / "brt" / "indicators.json"),
            slurp(dir.path() / "one" / "brt" / "indicators.json"));
#ifndef OUFLOW_MPIEXEC
  GTEST_SKIP() << "built without MPI (OUFLOW_WITH_MPI=OFF): the mpirun comparison is skipped";
#else
  const std::string mpirun = OUFLOW_MPIEXEC;
  if (mpirun.empty() || !fs::exists(mpirun)) {
    GTEST_SKIP() << "mpirun not found (" << mpirun << "): the mpirun comparison is skipped";
  }
  // As root OpenMPI needs --allow-run-as-root; --oversubscribe allows 2 ranks on 1 core; the
  // shared-memory single-copy mechanism is off because containers often forbid it (ptrace).
  const std::string launcher =
      mpirun + " --oversubscribe" + (geteuid() == 0 ? " --allow-run-as-root" : "") + " -np 2";
  const auto mpi_out = dir.path() / "mpi";
  const std::string cmd = "OMPI_MCA_btl_vader_single_copy_mechanism=none " + launcher + " " +
                          std::string(OUFLOW_BINARY) + " " + args_of(b, mpi_out, true) +
                          " --threads 1 -q >" + (dir.path() / "mpi_stdout.txt").string() + " 2>" +
                          (dir.path() / "mpi_stderr.txt").string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  const std::string err = slurp(dir.path() / "mpi_stderr.txt");
  ASSERT_TRUE(WIFEXITED(status)) << err;
  EXPECT_EQ(WEXITSTATUS(status), 3) << err;
  EXPECT_EQ(slurp(mpi_out / "ranking.csv"), csv) << err;
  EXPECT_EQ(slurp(mpi_out / "ranking.md"), slurp(dir.path() / "one" / "ranking.md"));
  EXPECT_EQ(slurp(mpi_out / "ranking.svg"), slurp(dir.path() / "one" / "ranking.svg"));
  // Proposals 0, 2, 4 went to rank 0 and 1, 3 to rank 1: rank 1 reports bad.pbtxt itself.
  EXPECT_NE(err.find("rank 1: proposal"), std::string::npos) << err;
  EXPECT_NE(err.find("bad.pbtxt:4"), std::string::npos) << err;
  EXPECT_NE(slurp(dir.path() / "mpi_stdout.txt").find("2 processes"), std::string::npos);
  EXPECT_TRUE(fs::exists(mpi_out / "brt" / "indicators.json"));  // written by rank 1
#endif
}

TEST(BatchCli, BadArgumentsExitTwo) {
  test::TempDir dir;
  const test::TinyBatch b = test::write_tiny_batch(dir);
  const CommandResult key =
      test::run_ouflow(args_of(b, dir.path() / "o", false) + " --rank-by no_such_key -q", dir);
  EXPECT_EQ(key.code, 2) << key.err;
  EXPECT_NE(key.err.find("no_such_key"), std::string::npos) << key.err;
  EXPECT_NE(key.err.find("pop_60_gain"), std::string::npos) << key.err;
  const CommandResult no_base = test::run_ouflow("batch " + b.proposals[0].string(), dir);
  EXPECT_EQ(no_base.code, 2) << no_base.err;
  const CommandResult bad_base = test::run_ouflow(
      "batch --base " + b.proposals[3].string() + " " + b.proposals[0].string(), dir);
  EXPECT_EQ(bad_base.code, 2) << bad_base.err;
  EXPECT_NE(bad_base.err.find("bad.pbtxt:4"), std::string::npos) << bad_base.err;
  const CommandResult help = test::run_ouflow("batch --help", dir);
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--rank-by"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("boardings_per_km"), std::string::npos) << help.out;
}

TEST(BatchCli, RanksByAnIndicatorsChange) {
  test::TempDir dir;
  const test::TinyBatch b = test::write_tiny_batch(dir);
  const fs::path out = dir.path() / "o";
  const CommandResult r = test::run_ouflow(args_of(b, out, false) + " --rank-by vht -q", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(slurp(out / "ranking.csv").find(",vht_change,"), std::string::npos);
}

// The one calibration rule: `evaluate P --baseline BASE` and `batch --base BASE P` both calibrate
// on the root of BASE's chain (y2020), so the base's figures are the same bits and the proposal's
// agree within the feedback tolerance (batch warm-starts it from the base, evaluate starts cold).
TEST(OneCalibrationRule, EvaluateAndBatchGiveTheSameNumbers) {
  test::TempDir dir;
  const test::TinyBatch b = test::write_tiny_batch(dir);
  const fs::path& proposal = b.proposals[0];
  const CommandResult e =
      test::run_ouflow("evaluate " + proposal.string() + " --baseline " + b.base.string() +
                           " --out " + (dir.path() / "ev").string() + " -q",
                       dir);
  ASSERT_EQ(e.code, 0) << e.err;
  const CommandResult r =
      test::run_ouflow("batch --base " + b.base.string() + " " + proposal.string() + " --out " +
                           (dir.path() / "batch").string() + " -q",
                       dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string folder = proposal.stem().string();
  const std::string ev = slurp(dir.path() / "ev" / "indicators.json");
  const std::string ba = slurp(dir.path() / "batch" / folder / "indicators.json");
  // Every indicator's baseline (the base on y2020's calibration) and scenario value.
  auto values = [](const std::string& json, const char* field) {
    std::vector<double> v;
    const std::string key = std::string("\"") + field + "\": ";
    // After the header's run names, the indicator rows.
    for (std::size_t p = json.find(key, json.find("\"indicators\"")); p != std::string::npos;
         p = json.find(key, p + 1)) {
      const std::string value = json.substr(p + key.size());  // null: not available
      v.push_back(value.starts_with("null") ? std::nan("") : std::stod(value));
    }
    return v;
  };
  const std::vector<double> eb = values(ev, "baseline"), bb = values(ba, "baseline");
  const std::vector<double> es = values(ev, "scenario"), bs = values(ba, "scenario");
  ASSERT_GT(eb.size(), 20u);
  ASSERT_EQ(eb.size(), bb.size());
  ASSERT_EQ(es.size(), bs.size());
  for (std::size_t k = 0; k < eb.size(); ++k) {
    EXPECT_EQ(std::isnan(eb[k]), std::isnan(bb[k])) << k;  // unavailable in both, or in neither
    EXPECT_EQ(std::isnan(es[k]), std::isnan(bs[k])) << k;
    if (std::isnan(eb[k]) || std::isnan(es[k])) continue;
    EXPECT_EQ(eb[k], bb[k]) << k;
    EXPECT_NEAR(es[k], bs[k], 1e-2 * std::max(1.0, std::abs(bs[k]))) << k;
  }
  // Both reports name the calibration year.
  EXPECT_NE(slurp(dir.path() / "ev" / "report.md").find("Calibrated on y2020"), std::string::npos);
  EXPECT_NE(slurp(dir.path() / "batch" / folder / "report.md").find("Calibrated on y2020"),
            std::string::npos);
}

}  // namespace
}  // namespace ouflow
