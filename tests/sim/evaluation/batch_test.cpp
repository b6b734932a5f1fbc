// The batch on tiny scenarios (tests/sim/evaluation/batch_fixture.h): results equal one-by-one cold
// evaluations, failed proposals are reported by file:line without stopping the others, the
// ranking files are the same bytes for any --jobs and thread count, and outcomes survive
// serialization bit for bit.
#include "sim/evaluation/batch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "sim/execution.h"
#include "tests/common/cli.h"
#include "tests/sim/evaluation/batch_fixture.h"

namespace ouflow::sim {
namespace {

namespace fs = std::filesystem;

// Batch results against a cold evaluation: equal within 1 % of the value (absolute 0.01 near
// zero) — the feedback loop stops at a demand residual of 1e-3 and the assignment at a 1e-5
// gap, so a warm-started run may stop at a slightly different point; a cold run in the batch
// is exact.
void expect_close(double batch, double cold, const std::string& what) {
  if (std::isnan(cold)) {
    EXPECT_TRUE(std::isnan(batch)) << what;
    return;
  }
  EXPECT_NEAR(batch, cold, 0.01 * std::max(1.0, std::abs(cold))) << what;
}

std::vector<std::size_t> all_of(std::size_t n) {
  std::vector<std::size_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    batch = test::write_tiny_batch(dir);
    base = prepare_batch(batch.base, {});
  }
  test::TempDir dir;
  test::TinyBatch batch;
  BatchBase base;
};

TEST_F(BatchTest, ResultsEqualOneByOneColdEvaluations) {
  BatchSettings st;
  st.jobs = 2;
  st.out = dir.path() / "out";
  const auto out = evaluate_proposals(base, batch.proposals, all_of(batch.proposals.size()), st);
  ASSERT_EQ(out.size(), 5u);
  // The base is evaluated on the calibration year's calibration.
  EXPECT_EQ(base.calibration_name, "y2020");
  const scenario::LoadedScenario y2020 = scenario::load_scenario(batch.calibration_year);
  const ScenarioEvaluation cal = evaluate_scenario(y2020, {}, std::nullopt);
  const ScenarioEvaluation cold_base = evaluate_scenario(base.base, {}, cal.model.calibration);
  for (const IndicatorSpec& sp : indicator_catalogue()) {
    if (!cold_base.indicators.has(sp.id)) continue;
    EXPECT_EQ(base.evaluation.indicators[sp.id], cold_base.indicators[sp.id]) << sp.key;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(out[i].ok) << out[i].error;
    EXPECT_EQ(out[i].index, i);
    const scenario::LoadedScenario p = scenario::load_scenario(batch.proposals[i]);
    const ScenarioEvaluation cold = evaluate_scenario(p, {}, cal.model.calibration);
    const ProposalOutcome expected = make_outcome(base, p, cold);
    EXPECT_EQ(out[i].name, expected.name);
    ASSERT_EQ(out[i].columns.size(), expected.columns.size());
    for (std::size_t c = 0; c < expected.columns.size(); ++c) {
      expect_close(out[i].columns[c], expected.columns[c],
                   p.name + " " + std::string(batch_columns()[c].key));
    }
    for (const IndicatorSpec& sp : indicator_catalogue()) {
      expect_close(out[i].indicator_changes[sp.id], expected.indicator_changes[sp.id],
                   p.name + " " + std::string(sp.key));
    }
    // Its full result folder, against the base.
    for (const char* f : {"indicators.json", "report.md", "link_changes.csv"}) {
      EXPECT_TRUE(fs::exists(st.out / out[i].folder / f)) << out[i].folder << "/" << f;
    }
  }
  // What the proposals built and carried.
  const auto col = [&](std::size_t i, std::string_view key) {
    return out[i].columns[*batch_column(key)];
  };
  EXPECT_EQ(col(0, "km_built"), 0.0);                   // a faster bus builds nothing
  EXPECT_TRUE(std::isnan(col(0, "boardings_per_km")));  // and adds no line
  EXPECT_GT(col(1, "km_built"), 2.0);                   // BRT r1-r4: about 2.5 km
  EXPECT_GT(col(1, "new_line_boardings"), 0.0);
  EXPECT_DOUBLE_EQ(col(1, "boardings_per_km"),
                   col(1, "new_line_boardings") / col(1, "line_km_new"));
  EXPECT_GT(col(2, "km_built"), 2.0);  // road 1-4: about 2.5 km
  EXPECT_GT(col(2, "vht_saved"), 0.0);
  // The failed ones, by file and line; the others were still evaluated.
  EXPECT_FALSE(out[3].ok);
  EXPECT_NE(out[3].error.find("bad.pbtxt:4"), std::string::npos) << out[3].error;
  EXPECT_FALSE(out[4].ok);
  EXPECT_NE(out[4].error.find("other_base.pbtxt:2"), std::string::npos) << out[4].error;
  EXPECT_NE(out[4].error.find("base_scenario"), std::string::npos) << out[4].error;
  EXPECT_FALSE(fs::exists(st.out / "bad"));
}

TEST_F(BatchTest, RankingIsTheSameBytesForAnyJobsAndThreads) {
  std::string first_csv, first_md, first_svg, first_bytes;
  for (const auto& [jobs, nthreads] :
       {std::pair{1, 1}, std::pair{1, 3}, std::pair{2, 2}, std::pair{3, 3}, std::pair{5, 1}}) {
    BatchSettings st;
    st.jobs = jobs;
    st.evaluation.exec.threads = nthreads;  // each proposal's own threads when jobs is 1
    const auto out = evaluate_proposals(base, batch.proposals, all_of(batch.proposals.size()), st);
    const fs::path dir_out =
        dir.path() / ("rank_" + std::to_string(jobs) + "_" + std::to_string(nthreads));
    write_ranking(dir_out, base, out, kDefaultRankBy);
    const std::string csv = test::slurp(dir_out / "ranking.csv");
    const std::string md = test::slurp(dir_out / "ranking.md");
    const std::string svg = test::slurp(dir_out / "ranking.svg");
    const std::string bytes = serialize_outcomes(out);
    if (first_csv.empty()) {
      first_csv = csv;
      first_md = md;
      first_svg = svg;
      first_bytes = bytes;
      continue;
    }
    EXPECT_EQ(bytes, first_bytes) << "jobs " << jobs << ", threads " << nthreads;
    EXPECT_EQ(csv, first_csv) << "jobs " << jobs << ", threads " << nthreads;
    EXPECT_EQ(md, first_md);
    EXPECT_EQ(svg, first_svg);
  }
  // The CSV: a header, 3 ranked rows and 2 failed ones last; the comma in a title is quoted.
  EXPECT_EQ(first_csv.rfind("rank,proposal,title,status,km_built,", 0), 0u) << first_csv;
  EXPECT_NE(first_csv.find("\"Road 1-4, with a comma\""), std::string::npos) << first_csv;
  EXPECT_NE(first_csv.find("\n,bad,,failed,"), std::string::npos) << first_csv;
  EXPECT_NE(first_md.find("| **failed** |"), std::string::npos) << first_md;
  EXPECT_NE(first_svg.find("<svg"), std::string::npos);
  // Outcomes in any order give the same ranking (rank 0 gathers them from the ranks).
  BatchSettings st;
  st.jobs = 1;
  auto out = evaluate_proposals(base, batch.proposals, std::vector<std::size_t>{4, 2, 0}, st);
  const auto rest = evaluate_proposals(base, batch.proposals, std::vector<std::size_t>{1, 3}, st);
  out.insert(out.end(), rest.begin(), rest.end());
  write_ranking(dir.path() / "shuffled", base, out, kDefaultRankBy);
  EXPECT_EQ(test::slurp(dir.path() / "shuffled" / "ranking.csv"), first_csv);
}

TEST_F(BatchTest, RankKeysAreColumnsOrIndicators) {
  EXPECT_NO_THROW(check_rank_key("pop_60_gain", base.evaluation));
  EXPECT_NO_THROW(check_rank_key("vht_saved", base.evaluation));
  EXPECT_NO_THROW(check_rank_key("jobs_30_transit", base.evaluation));
  EXPECT_THROW(check_rank_key("no_such_key", base.evaluation), std::invalid_argument);
}

ProposalOutcome outcome(std::size_t index, bool ok, double value, double vht_change) {
  ProposalOutcome o;
  o.index = index;
  o.ok = ok;
  o.name = "p" + std::to_string(index);
  o.columns.assign(batch_columns().size(), std::numeric_limits<double>::quiet_NaN());
  o.columns[*batch_column("pop_60_gain")] = value;
  o.indicator_changes[IndicatorId::kVht] = vht_change;
  return o;
}

TEST(BatchRanking, FailedLastUndefinedAfterDefinedTiesByBoardings) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<ProposalOutcome> v = {outcome(0, true, 5, 1), outcome(1, false, nan, nan),
                                          outcome(2, true, nan, 3), outcome(3, true, 9, -2),
                                          outcome(4, true, 5, 0)};
  EXPECT_EQ(rank_order(v, "pop_60_gain"), (std::vector<std::size_t>{3, 0, 4, 2, 1}));
  // Ties on the key go by the boardings' change.
  std::vector<ProposalOutcome> w = v;
  w[4].columns[*batch_column("boardings_change")] = 10.0;
  w[0].columns[*batch_column("boardings_change")] = 1.0;
  w[3].columns[*batch_column("boardings_change")] = -5.0;
  EXPECT_EQ(rank_order(w, "pop_60_gain"), (std::vector<std::size_t>{3, 4, 0, 2, 1}));
  // vht: less is better.
  EXPECT_EQ(rank_order(v, "vht"), (std::vector<std::size_t>{3, 4, 0, 2, 1}));
}

TEST(BatchRanking, OutcomesSurviveSerializationBitForBit) {
  std::vector<ProposalOutcome> v = {
      outcome(7, true, 0.1 + 0.2, -0.0),
      outcome(2, false, std::numeric_limits<double>::quiet_NaN(), 1e-300)};
  v[1].error = "bad.pbtxt:4:1: field 'x': \"quoted\", with a comma\nand a newline";
  v[0].title = "M3 瓯北–中心城区–瑞安";
  const std::string bytes = serialize_outcomes(v);
  const std::vector<ProposalOutcome> back = deserialize_outcomes(bytes);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(serialize_outcomes(back), bytes);
  EXPECT_EQ(back[1].error, v[1].error);
  EXPECT_EQ(back[0].title, v[0].title);
  EXPECT_TRUE(std::signbit(back[0].indicator_changes[IndicatorId::kVht]));
  EXPECT_THROW(deserialize_outcomes(bytes.substr(0, bytes.size() - 1)), std::runtime_error);
  EXPECT_THROW(deserialize_outcomes(bytes + "x"), std::runtime_error);
}

TEST(BatchRanking, FoldersAreStemsMadeUnique) {
  const std::vector<fs::path> p = {"a/m3.pbtxt", "b/m3.pbtxt", "c/x.pbtxt", "m3_2.pbtxt"};
  EXPECT_EQ(proposal_folders(p), (std::vector<std::string>{"m3", "m3_2", "x", "m3_2_2"}));
}

}  // namespace
}  // namespace ouflow::sim
