#include "sim/evaluation/batch.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "networks/input_error.h"
#include "networks/io/atomic_file.h"
#include "networks/progress.h"
#include "sim/evaluation/indicators.h"
#include "sim/evaluation/report.h"

namespace ouflow::sim {
namespace {

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::array<BatchColumn, 12> kColumns{{
    {"km_built",
     "Km built (route km of new lines of any mode; centre-line km of new, widened or upgraded "
     "roads)",
     "km"},
    {"line_km_new", "Route km of the lines the proposal adds", "km"},
    {"pop_60", "Population <= 60 min from the CBD (fastest mode)", "persons"},
    {"pop_60_gain", "Population newly <= 60 min from the CBD (fastest mode)", "persons"},
    {"pop_60_gain_per_km", "Population newly <= 60 min from the CBD per km built", "persons/km"},
    {"boardings", "Transit boardings, peak hour", "boardings"},
    {"boardings_change", "Transit boardings, change", "boardings"},
    {"new_line_boardings", "Boardings on the new lines, peak hour", "boardings"},
    {"boardings_per_km", "Boardings on the new lines per route km", "boardings/km"},
    {"vht_saved", "Vehicle-hours saved, peak hour", "veh-h"},
    {"speed_change_pct", "Central-city peak speed, change", "%"},
    {"transit_share_change_pp", "Transit share of motorised main-centre trips, change", "pp"},
}};

enum Column : std::size_t {
  kKmBuilt,
  kLineKmNew,
  kPop60,
  kPop60Gain,
  kPop60GainPerKm,
  kBoardings,
  kBoardingsChange,
  kNewLineBoardings,
  kBoardingsPerKm,
  kVhtSaved,
  kSpeedChangePct,
  kTransitShareChangePp,
};

// Population of the non-external zones within 60 min of the CBD zone (from it), fastest mode:
// municipal_pop_60 as persons.
double population_within_60(const ScenarioEvaluation& e) {
  const std::size_t n = e.population.size();
  if (e.model.cost_min.size() <= kTransit || e.model.cost_min[kCar].size() != n * n) return kNaN;
  const std::vector<double>& car = e.model.cost_min[kCar];
  const std::vector<double>& transit = e.model.cost_min[kTransit];
  double pop = 0.0;
  for (std::size_t z = 0; z < n; ++z) {
    if (z < e.roles.external.size() && e.roles.external[z]) continue;
    const std::size_t k = e.cbd_zone * n + z;
    const double t = std::min(car[k], transit.size() == n * n ? transit[k] : kNaN);
    if (t <= 60.0) pop += e.population[z];
  }
  return pop;
}

double per(double x, double km) { return km > 0.0 ? x / km : kNaN; }

// The line of the first top-level `field:` in a scenario file (0 when absent).
std::size_t line_of_field(const fs::path& file, std::string_view field) {
  std::ifstream in(file);
  std::string line;
  for (std::size_t no = 1; std::getline(in, line); ++no) {
    const std::size_t start = line.find_first_not_of(" \t");
    if (start != std::string::npos && line.compare(start, field.size(), field) == 0) return no;
  }
  return 0;
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ea, eb;
  const fs::path ca = fs::weakly_canonical(a, ea), cb = fs::weakly_canonical(b, eb);
  return !ea && !eb && ca == cb;
}

ProposalOutcome evaluate_one(const BatchBase& base, const fs::path& file, std::size_t index,
                             const std::string& folder, const BatchSettings& settings) {
  ProposalOutcome o;
  try {
    const scenario::LoadedScenario p = scenario::load_scenario(file);
    const fs::path named_base = p.chain.size() >= 2 ? p.chain[p.chain.size() - 2] : fs::path();
    if (!same_file(named_base, base.base.file)) {
      const bool is_scenario = line_of_field(file, "base_scenario") > 0;
      const char* field = is_scenario ? "base_scenario" : "base_network";
      throw InputError(file, line_of_field(file, field), field,
                       "the proposal's base is " + named_base.string() + ", not the batch's base " +
                           base.base.file.string());
    }
    EvaluationSettings st = settings.evaluation;
    st.progress = false;  // the batch shows proposals done instead
    // Warm-started from the base: its demand and link flows, and its transit skim when the
    // transit network is unchanged.
    const ScenarioEvaluation e = evaluate_scenario(p, st, base.calibration, &base.evaluation);
    o = make_outcome(base, p, e);
    if (!settings.out.empty()) {
      const fs::path dir = settings.out / folder;
      const std::vector<ComparisonRow> rows = compare(base.evaluation, e, p, &base.base_year());
      // The proposal's folder whole or not at all, kept whatever happens to the others.
      io::OutputSet files(io::OutputSet::Nesting::kIndependent);
      write_evaluation(dir, base.evaluation, e, base.base, p, rows);
      write_changes(dir, base.evaluation, e, base.base, p);
      write_report(dir, base.evaluation, e, base.base, p, rows);
      files.commit();
    }
  } catch (const InputError& e) {
    o.ok = false;
    o.error = e.what();
  } catch (const std::exception& e) {
    o.ok = false;
    o.error = file.string() + ": " + e.what();
  }
  o.index = index;
  o.file = file.string();
  o.folder = folder;
  if (o.name.empty()) o.name = file.stem().string();
  if (!o.ok) o.columns.assign(kColumns.size(), kNaN);
  return o;
}

// --- output formatting ---

std::string fixed(double x, int decimals, bool sign = false) {
  if (std::isnan(x)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, x);
  std::string s = buf;
  if (s.starts_with("-0") && s.find_first_not_of("-0.") == std::string::npos) {
    s.erase(0, 1);  // no "-0.000"
  }
  if (s.starts_with("+0") && s.find_first_not_of("+0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

std::string md_cell(std::string_view s) {
  std::string r;
  for (const char c : s) {
    if (c == '|') {
      r += "\\|";
    } else if (c == '\n' || c == '\r') {
      r += ' ';
    } else {
      r += c;
    }
  }
  return r;
}

std::string xml(std::string_view s) {
  std::string r;
  for (const char c : s) {
    switch (c) {
      case '&':
        r += "&amp;";
        break;
      case '<':
        r += "&lt;";
        break;
      case '>':
        r += "&gt;";
        break;
      case '"':
        r += "&quot;";
        break;
      default:
        r += c;
    }
  }
  return r;
}

bool less_is_better(std::string_view indicator_key) {
  const auto id = find_indicator(indicator_key);
  return id && spec(*id).better == Better::kLess;
}

// The ranked value of an outcome: its column, or its indicator's change.
double rank_value(const ProposalOutcome& o, std::string_view key) {
  if (const auto c = batch_column(key)) return *c < o.columns.size() ? o.columns[*c] : kNaN;
  if (const auto id = find_indicator(key)) return o.indicator_changes[*id];
  return kNaN;
}

std::string rank_label(const BatchBase& base, std::string_view key) {
  if (const auto c = batch_column(key)) {
    return std::string(kColumns[*c].label) + " (" + std::string(kColumns[*c].unit) + ")";
  }
  if (const auto id = find_indicator(key); id && base.evaluation.indicators.has(*id)) {
    return std::string(spec(*id).label) + ", change (" + std::string(change_unit(*id)) + ")";
  }
  return std::string(key);
}

int decimals_of(std::string_view unit) { return unit == "%" || unit == "pp" ? 2 : 1; }
bool signed_column(std::string_view key) {
  return key.find("gain") != std::string_view::npos ||
         key.find("change") != std::string_view::npos || key == "vht_saved";
}

std::string svg_chart(const BatchBase& base, std::span<const ProposalOutcome> outcomes,
                      std::span<const std::size_t> order, std::string_view rank_by) {
  constexpr std::size_t kTop = 10;
  std::vector<std::pair<std::string, double>> bars;
  for (const std::size_t i : order) {
    const double v = rank_value(outcomes[i], rank_by);
    if (!outcomes[i].ok || std::isnan(v) || bars.size() == kTop) continue;
    bars.emplace_back(outcomes[i].name, v);
  }
  const double label_w = 220.0, bar_w = 520.0, value_w = 120.0, row_h = 28.0, top = 56.0;
  const double width = label_w + bar_w + value_w;
  const double height =
      top + row_h * static_cast<double>(std::max<std::size_t>(bars.size(), 1)) + 24.0;
  double lo = 0.0, hi = 0.0;
  for (const auto& [name, v] : bars) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const double span = hi - lo > 0.0 ? hi - lo : 1.0;
  const double zero_x = label_w + bar_w * (-lo / span);
  std::ostringstream os;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"13\">\n",
                width, height, width, height);
  os << buf;
  os << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  os << "<text x=\"8\" y=\"22\" font-size=\"15\" font-weight=\"bold\">"
     << xml("Top proposals against " + base.base.name) << "</text>\n";
  os << "<text x=\"8\" y=\"42\">" << xml(rank_label(base, rank_by)) << "</text>\n";
  if (bars.empty()) os << "<text x=\"8\" y=\"76\">no proposal has a value</text>\n";
  for (std::size_t k = 0; k < bars.size(); ++k) {
    const auto& [name, v] = bars[k];
    const double y = top + row_h * static_cast<double>(k);
    const double x1 = label_w + bar_w * ((std::min(v, 0.0) - lo) / span);
    const double w = bar_w * (std::abs(v) / span);
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                  label_w - 8.0, y + row_h * 0.62);
    os << buf << xml(name) << "</text>\n";
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x1,
                  y + 4.0, w, row_h - 8.0, v >= 0.0 ? "#1f77b4" : "#d62728");
    os << buf;
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\">", label_w + bar_w + 6.0,
                  y + row_h * 0.62);
    os << buf << xml(fixed(v, 2)) << "</text>\n";
  }
  std::snprintf(buf, sizeof buf,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n",
                zero_x, top, zero_x, top + row_h * static_cast<double>(bars.size()));
  os << buf << "</svg>\n";
  return os.str();
}

// --- serialization ---

void put_u64(std::string& out, std::uint64_t x) {
  char b[8];
  std::memcpy(b, &x, 8);
  out.append(b, 8);
}
void put_double(std::string& out, double x) {
  std::uint64_t u = 0;
  std::memcpy(&u, &x, 8);
  put_u64(out, u);
}
void put_string(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  std::uint64_t u64() {
    need(8);
    std::uint64_t x = 0;
    std::memcpy(&x, b_.data() + at_, 8);
    at_ += 8;
    return x;
  }
  double f64() {
    const std::uint64_t u = u64();
    double x = 0.0;
    std::memcpy(&x, &u, 8);
    return x;
  }
  std::string str() {
    const std::uint64_t n = u64();
    need(n);
    std::string s(b_.substr(at_, n));
    at_ += n;
    return s;
  }
  std::uint64_t count() {  // a count of items of at least 8 bytes each
    const std::uint64_t n = u64();
    if (n > (b_.size() - at_) / 8) throw std::runtime_error("batch outcomes: bad count");
    return n;
  }
  bool done() const { return at_ == b_.size(); }

 private:
  void need(std::uint64_t n) const {
    if (n > b_.size() - at_) throw std::runtime_error("batch outcomes: truncated");
  }
  std::string_view b_;
  std::size_t at_ = 0;
};

}  // namespace

std::span<const BatchColumn> batch_columns() { return kColumns; }

std::optional<std::size_t> batch_column(std::string_view key) {
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    if (kColumns[c].key == key) return c;
  }
  return std::nullopt;
}

BatchBase prepare_batch(const fs::path& base_file, const EvaluationSettings& settings) {
  BatchBase b;
  b.base = scenario::load_scenario(base_file);
  b.calibration_file = scenario::calibration_root(b.base);
  CalibratedBaseline cb = evaluate_baseline(b.base, settings);
  b.evaluation = std::move(cb.evaluation);
  b.calibration_year = std::move(cb.calibration_year);
  b.calibration_name = b.evaluation.model.calibration.fitted_on;
  b.calibration = b.evaluation.model.calibration;
  b.inventory = scenario::compute_inventory(b.base);
  return b;
}

std::vector<std::string> proposal_folders(std::span<const fs::path> proposals) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const fs::path& p : proposals) {
    const std::string stem = p.stem().empty() ? std::string("proposal") : p.stem().string();
    std::string name = stem;
    for (int k = 2; used.count(name) > 0; ++k) name = stem + "_" + std::to_string(k);
    used.insert(name);
    out.push_back(name);
  }
  return out;
}

ProposalOutcome make_outcome(const BatchBase& base, const scenario::LoadedScenario& proposal,
                             const ScenarioEvaluation& e) {
  ProposalOutcome o;
  o.name = proposal.name;
  o.title = proposal.title;
  o.ok = true;
  o.columns.assign(kColumns.size(), kNaN);
  const ScenarioEvaluation& b = base.evaluation;
  o.columns[kKmBuilt] = scenario::built_km(base.base, proposal).total();
  // The lines the proposal adds: route ids the base does not have.
  std::set<std::string> base_lines;
  for (const scenario::LineInfo& l : base.base.lines) base_lines.insert(l.route_id);
  double line_km = 0.0, line_boardings = 0.0;
  for (std::size_t r = 0; r < proposal.lines.size(); ++r) {
    if (base_lines.count(proposal.lines[r].route_id) > 0) continue;
    line_km += proposal.lines[r].length_km;
    if (r < e.loads.route_boardings.size()) line_boardings += e.loads.route_boardings[r];
  }
  o.columns[kLineKmNew] = line_km;
  const double pop_b = population_within_60(b), pop_p = population_within_60(e);
  o.columns[kPop60] = pop_p;
  o.columns[kPop60Gain] = pop_p - pop_b;
  o.columns[kPop60GainPerKm] = per(pop_p - pop_b, o.columns[kKmBuilt]);
  using enum IndicatorId;
  const IndicatorValues& ve = e.indicators;
  const IndicatorValues& vb = b.indicators;
  o.columns[kBoardings] = ve[kTransitBoardings];
  o.columns[kBoardingsChange] = ve[kTransitBoardings] - vb[kTransitBoardings];
  o.columns[kNewLineBoardings] = line_km > 0.0 ? line_boardings : kNaN;
  o.columns[kBoardingsPerKm] = per(line_boardings, line_km);
  o.columns[kVhtSaved] = vb[kVht] - ve[kVht];
  o.columns[kSpeedChangePct] = percent_change(vb[kCentralCitySpeed], ve[kCentralCitySpeed]);
  o.columns[kTransitShareChangePp] = ve[kTransitShareMain] - vb[kTransitShareMain];
  for (const ComparisonRow& r : compare(b, e, proposal, &base.base_year())) {
    o.indicator_changes[r.id] = r.change;
  }
  return o;
}

std::vector<ProposalOutcome> evaluate_proposals(const BatchBase& base,
                                                std::span<const fs::path> proposals,
                                                std::span<const std::size_t> indices,
                                                const BatchSettings& settings) {
  const std::vector<std::string> folders = proposal_folders(proposals);
  const auto count = static_cast<std::ptrdiff_t>(indices.size());
  std::vector<ProposalOutcome> out(indices.size());
  Progress progress("proposals", indices.size());
  std::size_t done = 0;
  const int jobs = std::max(1, settings.jobs);
  // Proposals in parallel: each one's own parallel stages then run on one thread.
  BatchSettings each = settings;
  if (jobs > 1) each.evaluation.exec = Execution{.threads = 1};
#pragma omp parallel for schedule(dynamic, 1) num_threads(jobs) if (jobs > 1) default(none) \
    shared(base, proposals, indices, each, folders, count, out, progress, done)
  for (std::ptrdiff_t k = 0; k < count; ++k) {
    const std::size_t i = indices[static_cast<std::size_t>(k)];
    out[static_cast<std::size_t>(k)] = evaluate_one(base, proposals[i], i, folders[i], each);
#pragma omp critical(ouflow_batch_progress)
    {
      ++done;
      if (each.progress) progress.update(done);
    }
  }
  if (settings.progress) progress.finish();
  return out;
}

void check_rank_key(std::string_view key, const ScenarioEvaluation& base_evaluation) {
  if (batch_column(key)) return;
  if (const auto id = find_indicator(key); id && base_evaluation.indicators.has(*id)) return;
  std::string keys;
  for (const BatchColumn& c : kColumns) keys += (keys.empty() ? "" : ", ") + std::string(c.key);
  keys += "; or the change of an indicator:";
  for (const IndicatorSpec& sp : indicator_catalogue()) {
    if (base_evaluation.indicators.has(sp.id)) keys += " " + std::string(sp.key);
  }
  throw std::invalid_argument("--rank-by: unknown key '" + std::string(key) + "'; keys: " + keys);
}

std::vector<std::size_t> rank_order(std::span<const ProposalOutcome> outcomes,
                                    std::string_view rank_by) {
  const bool ascending = !batch_column(rank_by) && less_is_better(rank_by);
  // Ties on the key: by the boardings' change (by VHT saved when that is the key), then in list
  // order (stable sort).
  const std::string_view second = rank_by == "boardings_change" ? "vht_saved" : "boardings_change";
  std::vector<std::size_t> order(outcomes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Before b: ok before failed; a value before none; then the larger (smaller) value.
  auto before = [](double va, double vb, bool asc) {
    if (std::isnan(va) || std::isnan(vb)) return !std::isnan(va) && std::isnan(vb);
    return asc ? va < vb : va > vb;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const ProposalOutcome &oa = outcomes[a], &ob = outcomes[b];
    if (oa.ok != ob.ok) return oa.ok;
    if (!oa.ok) return false;
    const double va = rank_value(oa, rank_by), vb = rank_value(ob, rank_by);
    if (before(va, vb, ascending)) return true;
    if (before(vb, va, ascending)) return false;
    return before(rank_value(oa, second), rank_value(ob, second), false);
  });
  return order;
}

void write_ranking(const fs::path& out, const BatchBase& base,
                   std::vector<ProposalOutcome> outcomes, std::string_view rank_by) {
  std::stable_sort(
      outcomes.begin(), outcomes.end(),
      [](const ProposalOutcome& a, const ProposalOutcome& b) { return a.index < b.index; });
  const std::vector<std::size_t> order = rank_order(outcomes, rank_by);
  const bool extra = !batch_column(rank_by);  // ranked by an indicator's change: show it
  fs::create_directories(out);
  std::size_t failed = 0;
  for (const ProposalOutcome& o : outcomes) failed += o.ok ? 0 : 1;
  {
    io::AtomicOutput f(out / "ranking.csv");
    std::ostream& os = f.stream();
    os << "rank,proposal,title,status";
    for (const BatchColumn& c : kColumns) os << ',' << c.key;
    if (extra) os << ',' << csv_field(std::string(rank_by) + "_change");
    os << ",folder,file,error\n";
    for (std::size_t k = 0; k < order.size(); ++k) {
      const ProposalOutcome& o = outcomes[order[k]];
      os << (o.ok ? std::to_string(k + 1) : "") << ',' << csv_field(o.name) << ','
         << csv_field(o.title) << ',' << (o.ok ? "ok" : "failed");
      for (std::size_t c = 0; c < kColumns.size(); ++c) {
        os << ',' << (c < o.columns.size() ? fixed(o.columns[c], 3) : "");
      }
      if (extra) os << ',' << fixed(rank_value(o, rank_by), 3);
      os << ',' << csv_field(o.ok ? o.folder : "") << ',' << csv_field(o.file) << ','
         << csv_field(o.error) << '\n';
    }
    f.commit();
  }
  {
    io::AtomicOutput f(out / "ranking.md");
    std::ostream& os = f.stream();
    os << "# Proposals against " << base.base.name << "\n\n"
       << "Base `" << base.base.name << "` on the calibration of `" << base.calibration_name
       << "`; " << outcomes.size() << " proposals, " << failed << " failed. Ranked by `" << rank_by
       << "`: " << rank_label(base, rank_by) << "; ties by `"
       << (rank_by == "boardings_change" ? "vht_saved" : "boardings_change")
       << "`, then in the order given.\n\n";
    os << "| rank | proposal | title | status | km built | pop ≤60 min CBD | pop gain | "
          "gain/km | boardings | boardings Δ | new-line boardings | per km | VHT saved | "
          "speed Δ% | transit share Δpp |";
    if (extra) os << ' ' << rank_by << " Δ |";
    os << "\n|---:|---|---|---|";
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      if (c != kLineKmNew) os << "---:|";
    }
    if (extra) os << "---:|";
    os << '\n';
    for (std::size_t k = 0; k < order.size(); ++k) {
      const ProposalOutcome& o = outcomes[order[k]];
      os << "| " << (o.ok ? std::to_string(k + 1) : "–") << " | " << md_cell(o.name) << " | "
         << md_cell(o.title) << " | " << (o.ok ? "ok" : "**failed**") << " |";
      for (std::size_t c = 0; c < kColumns.size(); ++c) {
        if (c == kLineKmNew) continue;
        const double v = c < o.columns.size() ? o.columns[c] : kNaN;
        os << ' ' << fixed(v, decimals_of(kColumns[c].unit), signed_column(kColumns[c].key))
           << " |";
      }
      if (extra) os << ' ' << fixed(rank_value(o, rank_by), 2, true) << " |";
      os << '\n';
    }
    if (failed > 0) {
      os << "\nFailed:\n\n";
      for (const std::size_t i : order) {
        if (!outcomes[i].ok)
          os << "- `" << outcomes[i].file << "`: " << md_cell(outcomes[i].error) << '\n';
      }
    }
    os << "\nColumns: docs/batch.md. Full results per proposal: `<folder>/` beside this file "
          "(ranking.csv names it).\n";
    f.commit();
  }
  {
    io::AtomicOutput f(out / "ranking.svg");
    f.stream() << svg_chart(base, outcomes, order, rank_by);
    f.commit();
  }
}

std::string serialize_outcomes(std::span<const ProposalOutcome> outcomes) {
  std::string out;
  put_u64(out, outcomes.size());
  for (const ProposalOutcome& o : outcomes) {
    put_u64(out, o.index);
    put_u64(out, o.ok ? 1 : 0);
    for (const std::string* s : {&o.file, &o.folder, &o.name, &o.title, &o.error}) {
      put_string(out, *s);
    }
    put_u64(out, o.columns.size());
    for (const double x : o.columns) put_double(out, x);
    put_u64(out, kIndicatorCount);
    for (const IndicatorSpec& sp : indicator_catalogue()) {
      put_double(out, o.indicator_changes[sp.id]);
    }
  }
  return out;
}

std::vector<ProposalOutcome> deserialize_outcomes(std::string_view bytes) {
  Reader r(bytes);
  std::vector<ProposalOutcome> out(r.count());
  for (ProposalOutcome& o : out) {
    o.index = r.u64();
    o.ok = r.u64() != 0;
    for (std::string* s : {&o.file, &o.folder, &o.name, &o.title, &o.error}) *s = r.str();
    o.columns.resize(r.count());
    for (double& x : o.columns) x = r.f64();
    if (r.count() != kIndicatorCount) {
      throw std::runtime_error("batch outcomes: another indicator catalogue");
    }
    for (const IndicatorSpec& sp : indicator_catalogue()) o.indicator_changes[sp.id] = r.f64();
  }
  if (!r.done()) throw std::runtime_error("batch outcomes: trailing bytes");
  return out;
}

}  // namespace ouflow::sim
