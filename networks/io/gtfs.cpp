#include "networks/io/gtfs.h"

#include <zip.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "networks/input_error.h"
#include "networks/io/csv.h"
#include "networks/io/text_input.h"
#include "networks/transit_builder.h"

namespace ouflow::io {
namespace {

namespace fs = std::filesystem;

// An uncompressed entry larger than this is refused (the largest real feeds' stop_times.txt
// are a few GB); deflate cannot expand data more than about 1032 times.
constexpr std::uint64_t kMaxEntryBytes = std::uint64_t{64} << 30;
constexpr std::uint64_t kMaxDeflateRatio = 1100;

// Reads a zip entry in chunks; the bytes must add up to the size the archive declares.
class ZipEntryBuffer : public std::streambuf {
 public:
  ZipEntryBuffer(zip_file_t* file, std::uint64_t declared, fs::path name)
      : file_(file), declared_(declared), name_(std::move(name)) {}
  ~ZipEntryBuffer() override { zip_fclose(file_); }
  ZipEntryBuffer(const ZipEntryBuffer&) = delete;
  ZipEntryBuffer& operator=(const ZipEntryBuffer&) = delete;

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const zip_int64_t got = zip_fread(file_, chunk_.data(), chunk_.size());
    if (got < 0) {
      throw InputError(
          name_, 0, "",
          std::string("cannot read the archive entry (corrupt zip?): ") + zip_file_strerror(file_));
    }
    read_ += static_cast<std::uint64_t>(got);
    if (read_ > declared_ || (got == 0 && read_ != declared_)) {
      throw InputError(name_, 0, "",
                       "the archive declares " + std::to_string(declared_) +
                           " bytes for this entry, but it holds " +
                           (read_ > declared_ ? "more" : std::to_string(read_)) +
                           " (corrupt zip?)");
    }
    if (got == 0) return traits_type::eof();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + got);
    return traits_type::to_int_type(*gptr());
  }

 private:
  zip_file_t* file_;
  std::uint64_t declared_, read_ = 0;
  fs::path name_;
  std::array<char, 1 << 16> chunk_{};
};

// The files of a feed, from a folder or a zip archive.
class FeedSource {
 public:
  explicit FeedSource(const fs::path& path) : path_(path) {
    if (fs::is_directory(path)) return;
    int error = 0;
    zip_ = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (zip_ == nullptr) {
      zip_error_t e;
      zip_error_init_with_code(&e, error);
      const std::string message = zip_error_strerror(&e);
      zip_error_fini(&e);
      throw InputError(path, 0, "", "cannot open as a zip archive: " + message);
    }
    // Files may sit in one sub-folder of the archive: use the folder holding stops.txt.
    if (zip_name_locate(zip_, "stops.txt", 0) < 0) {
      const zip_int64_t n = zip_get_num_entries(zip_, 0);
      for (zip_int64_t i = 0; i < n; ++i) {
        const std::string name = zip_get_name(zip_, static_cast<zip_uint64_t>(i), 0);
        if (name.ends_with("/stops.txt") && !name.starts_with("__MACOSX")) {
          prefix_ = name.substr(0, name.size() - 9);
          break;
        }
      }
    }
  }
  ~FeedSource() {
    if (zip_ != nullptr) zip_discard(zip_);
  }
  FeedSource(const FeedSource&) = delete;
  FeedSource& operator=(const FeedSource&) = delete;

  // The name messages use: "feed.zip/stops.txt" or "feed/stops.txt".
  fs::path display(const std::string& name) const { return path_ / (prefix_ + name); }

  bool has(const std::string& name) const {
    if (zip_ == nullptr) return fs::is_regular_file(path_ / name);
    return zip_name_locate(zip_, (prefix_ + name).c_str(), 0) >= 0;
  }

  std::unique_ptr<CsvReader> open(const std::string& name) const {
    std::unique_ptr<CsvReader> reader;
    if (zip_ == nullptr) {
      reader = std::make_unique<CsvReader>(path_ / name);
    } else {
      const std::string entry = prefix_ + name;
      const zip_int64_t index = zip_name_locate(zip_, entry.c_str(), 0);
      zip_stat_t st;
      zip_stat_init(&st);
      if (index < 0 || zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0) {
        throw InputError(display(name), 0, "", "cannot find the entry in the archive");
      }
      check_sizes(name, st);
      zip_file_t* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
      if (f == nullptr) {
        throw InputError(display(name), 0, "",
                         std::string("cannot open the archive entry: ") +
                             zip_error_strerror(zip_get_error(zip_)));
      }
      // Streamed: memory stays at one buffer and one record whatever the entry's size.
      reader = std::make_unique<CsvReader>(
          display(name), std::make_unique<ZipEntryBuffer>(f, st.size, display(name)));
    }
    reader->set_pad_short_records(true);
    return reader;
  }

 private:
  // The sizes an entry declares, checked against the archive before anything is read.
  void check_sizes(const std::string& name, const zip_stat_t& st) const {
    const zip_uint64_t need = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD;
    if ((st.valid & need) != need) {
      throw InputError(display(name), 0, "", "the archive does not give the entry's sizes");
    }
    std::error_code ec;
    const std::uint64_t archive = fs::file_size(path_, ec);
    auto fail = [&](const std::string& what) {
      throw InputError(display(name), 0, "",
                       "declares " + std::to_string(st.size) + " bytes (" +
                           std::to_string(st.comp_size) + " compressed)" + what +
                           " (corrupt zip?)");
    };
    if (!ec && st.comp_size > archive) {
      fail(" in an archive of " + std::to_string(archive) + " bytes");
    }
    if (st.size > kMaxEntryBytes) {
      fail("; the maximum is " + std::to_string(kMaxEntryBytes) + " bytes");
    }
    if (st.comp_method == ZIP_CM_STORE && st.size != st.comp_size) {
      fail(" but is stored uncompressed");
    }
    if (st.size > std::max<std::uint64_t>(st.comp_size, 1) * kMaxDeflateRatio) {
      fail("; no compression method expands data more than " + std::to_string(kMaxDeflateRatio) +
           " times");
    }
  }

  fs::path path_;
  zip_t* zip_ = nullptr;
  std::string prefix_;
};

// Parses "H:MM:SS" / "HH:MM:SS" (hours may pass 24). Blank: kNoTime.
std::int32_t parse_time(std::string_view text, const CsvReader& r, std::size_t column) {
  const std::string_view s = trim(text);
  if (s.empty()) return net::kNoTime;
  auto bad = [&]() -> InputError {
    return InputError(r.path(), r.line(), r.column_name(column),
                      "malformed time '" + std::string(text) + "', expected HH:MM:SS");
  };
  const std::size_t c1 = s.find(':');
  if (c1 == std::string_view::npos || c1 == 0 || c1 > 3 || s.size() != c1 + 6 || s[c1 + 3] != ':') {
    throw bad();
  }
  std::int32_t h = 0;
  for (std::size_t i = 0; i < c1; ++i) {
    if (s[i] < '0' || s[i] > '9') throw bad();
    h = h * 10 + (s[i] - '0');
  }
  auto two = [&](std::size_t at) {
    if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') throw bad();
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
  };
  const std::int32_t m = two(c1 + 1), sec = two(c1 + 4);
  if (m > 59 || sec > 59) throw bad();
  return h * 3600 + m * 60 + sec;
}

net::Date parse_date(const CsvReader& r, std::size_t column) {
  const std::string_view text = trim(r.field(column));
  const std::int64_t v = r.integer(column);
  const std::optional<net::Date> d = net::Date::from_yyyymmdd(v);
  if (!d || text.size() != 8) {
    throw InputError(r.path(), r.line(), r.column_name(column),
                     "'" + std::string(text) + "' is not a date YYYYMMDD");
  }
  return *d;
}

// An integer field restricted to [lo, hi]; `fallback` when blank or absent.
std::int64_t code(const CsvReader& r, std::optional<std::size_t> column, std::int64_t lo,
                  std::int64_t hi, std::int64_t fallback) {
  const std::optional<std::int64_t> v = r.optional_integer(column);
  if (!v) return fallback;
  if (*v < lo || *v > hi) {
    throw InputError(r.path(), r.line(), r.column_name(*column),
                     "value " + std::to_string(*v) + " must be " + std::to_string(lo) + " to " +
                         std::to_string(hi));
  }
  return *v;
}

std::string text(const CsvReader& r, std::optional<std::size_t> column) {
  return std::string(trim(r.field(column)));
}

class Reader {
 public:
  Reader(const fs::path& path, GtfsReport& report) : path_(path), source_(path), report_(report) {}

  net::TransitNetwork read() {
    for (const char* name :
         {"agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"}) {
      if (!source_.has(name))
        throw InputError(source_.display(name), 0, "", "missing required file");
    }
    if (!source_.has("calendar.txt") && !source_.has("calendar_dates.txt")) {
      throw InputError(path_, 0, "", "the feed needs calendar.txt or calendar_dates.txt");
    }
    read_agency();
    read_stops();
    read_routes();
    if (source_.has("calendar.txt")) read_calendar();
    if (source_.has("calendar_dates.txt")) read_calendar_dates();
    if (source_.has("shapes.txt")) read_shapes();
    read_trips();
    read_stop_times();
    add_trips();
    if (source_.has("frequencies.txt")) read_frequencies();
    if (source_.has("transfers.txt")) read_transfers();
    net::TransitNetwork network;
    try {
      network = builder_.build();
    } catch (const net::BuildError& e) {
      throw InputError(path_, 0, e.field(), e.what());
    } catch (const InvariantError& e) {
      throw InputError(path_, 0, "", e.what());
    }
    report_.expanded_trips = builder_.expanded_trip_count();
    report_.overtaking_splits = builder_.overtaking_splits();
    return network;
  }

 private:
  void warn(const fs::path& file, std::size_t line, std::string field, std::string message) {
    std::size_t& n = warnings_per_file_[file.string()];
    if (n++ >= GtfsReport::kMaxWarningsPerFile) {
      ++report_.suppressed_warnings;
      return;
    }
    report_.warnings.push_back(Diagnostic{file, line, std::move(field), std::move(message)});
  }

  // Opens a file and warns about columns the reader does not know.
  std::unique_ptr<CsvReader> open(const std::string& name,
                                  std::initializer_list<std::string_view> known) {
    std::unique_ptr<CsvReader> r = source_.open(name);
    for (const std::string& column : r->header()) {
      if (std::find(known.begin(), known.end(), column) == known.end()) {
        warn(r->path(), r->header_line(), column, "unknown column, ignored");
      }
    }
    return r;
  }

  // Warns once per file about records shorter than the header.
  void note_short_record(const CsvReader& r, bool& warned) {
    if (r.padded_fields() == 0 || warned) return;
    warned = true;
    warn(r.path(), r.line(), "",
         "record has fewer fields than the header; the missing trailing fields read as empty "
         "(first such record; later ones are not reported)");
  }

  [[noreturn]] void rethrow(const CsvReader& r, const net::BuildError& e) {
    throw InputError(r.path(), r.line(), e.field(), e.what());
  }

  void read_agency() {
    auto r = open("agency.txt", {"agency_id", "agency_name", "agency_url", "agency_timezone",
                                 "agency_lang", "agency_phone", "agency_fare_url", "agency_email"});
    const auto id = r->column("agency_id");
    const std::size_t name = r->require_column("agency_name");
    const std::size_t url = r->require_column("agency_url");
    const std::size_t tz = r->require_column("agency_timezone");
    bool short_warned = false;
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.agency_rows;
      try {
        builder_.add_agency({text(*r, id), text(*r, name), text(*r, url), text(*r, tz)});
      } catch (const net::BuildError& e) {
        rethrow(*r, e);
      }
    }
  }

  void read_stops() {
    auto r = open("stops.txt",
                  {"stop_id", "stop_code", "stop_name", "tts_stop_name", "stop_desc", "stop_lat",
                   "stop_lon", "zone_id", "stop_url", "location_type", "parent_station",
                   "stop_timezone", "wheelchair_boarding", "level_id", "platform_code"});
    const std::size_t id = r->require_column("stop_id");
    const auto name = r->column("stop_name");
    const auto lat = r->column("stop_lat");
    const auto lon = r->column("stop_lon");
    const auto type = r->column("location_type");
    const auto parent = r->column("parent_station");
    bool short_warned = false;
    std::vector<std::pair<std::string, std::size_t>> parents;  // (parent id, line)
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.stop_rows;
      net::StopSpec s;
      s.id = text(*r, id);
      s.name = text(*r, name);
      s.lat = r->optional_number(lat).value_or(net::kUnknown);
      s.lon = r->optional_number(lon).value_or(net::kUnknown);
      s.location_type = static_cast<net::LocationType>(code(*r, type, 0, 4, 0));
      s.parent_id = text(*r, parent);
      if (s.location_type == net::LocationType::kStop)
        platform_stops_.emplace_back(s.id, r->line());
      parents.emplace_back(s.parent_id, r->line());
      try {
        builder_.add_stop(s);
      } catch (const net::BuildError& e) {
        rethrow(*r, e);
      }
    }
    for (const auto& [parent_id, line] : parents) {
      if (!parent_id.empty() && !builder_.has_stop(parent_id)) {
        throw InputError(r->path(), line, "parent_station",
                         "unknown parent station '" + parent_id + "'");
      }
    }
    stops_path_ = r->path();
  }

  void read_routes() {
    auto r = open("routes.txt",
                  {"route_id", "agency_id", "route_short_name", "route_long_name", "route_desc",
                   "route_type", "route_url", "route_color", "route_text_color", "route_sort_order",
                   "continuous_pickup", "continuous_drop_off", "network_id"});
    const std::size_t id = r->require_column("route_id");
    const auto agency = r->column("agency_id");
    const auto short_name = r->column("route_short_name");
    const auto long_name = r->column("route_long_name");
    const auto color = r->column("route_color");
    const std::size_t type = r->require_column("route_type");
    bool short_warned = false;
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.route_rows;
      net::RouteSpec s;
      s.id = text(*r, id);
      s.agency_id = text(*r, agency);
      s.short_name = text(*r, short_name);
      s.long_name = text(*r, long_name);
      s.color = text(*r, color);
      if (!s.color.empty() && s.color.front() == '#') s.color.erase(0, 1);  // a common slip
      if (!s.color.empty() && !net::is_route_color(s.color)) {
        warn(r->path(), r->line(), "route_color",
             "'" + s.color + "' is not six hex digits; the route keeps no colour");
        s.color.clear();
      }
      const std::int64_t t = r->integer(type);
      s.route_type = static_cast<std::int32_t>(std::clamp<std::int64_t>(t, -1, 100000));
      if (!s.agency_id.empty() && !builder_.has_agency(s.agency_id)) {
        warn(r->path(), r->line(), "agency_id",
             "unknown agency '" + s.agency_id + "'; the route keeps no agency");
        s.agency_id.clear();
      }
      try {
        builder_.add_route(s);
      } catch (const net::BuildError& e) {
        rethrow(*r, e);
      }
    }
  }

  void read_calendar() {
    auto r = open("calendar.txt", {"service_id", "monday", "tuesday", "wednesday", "thursday",
                                   "friday", "saturday", "sunday", "start_date", "end_date"});
    const std::size_t id = r->require_column("service_id");
    std::size_t day[7];
    const char* names[7] = {"monday", "tuesday",  "wednesday", "thursday",
                            "friday", "saturday", "sunday"};
    for (int i = 0; i < 7; ++i) day[i] = r->require_column(names[i]);
    const std::size_t start = r->require_column("start_date");
    const std::size_t end = r->require_column("end_date");
    bool short_warned = false;
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.calendar_rows;
      net::ServiceSpec s;
      s.id = text(*r, id);
      for (int i = 0; i < 7; ++i) {
        if (code(*r, day[i], 0, 1, 0) == 1)
          s.weekdays = static_cast<std::uint8_t>(s.weekdays | 1u << i);
      }
      s.start = parse_date(*r, start);
      s.end = parse_date(*r, end);
      try {
        builder_.add_service(s);
      } catch (const net::BuildError& e) {
        rethrow(*r, e);
      }
    }
  }

  void read_calendar_dates() {
    auto r = open("calendar_dates.txt", {"service_id", "date", "exception_type"});
    const std::size_t id = r->require_column("service_id");
    const std::size_t date = r->require_column("date");
    const std::size_t type = r->require_column("exception_type");
    bool short_warned = false;
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.calendar_date_rows;
      const std::string service = text(*r, id);
      const net::Date d = parse_date(*r, date);
      const auto t = static_cast<net::ExceptionType>(code(*r, type, 1, 2, 0));
      if (r->blank(type)) {
        throw InputError(r->path(), r->line(), "exception_type", "blank; expected 1 or 2");
      }
      try {
        builder_.add_exception(service, d, t);
      } catch (const net::BuildError& e) {
        rethrow(*r, e);
      }
    }
  }

  void read_shapes() {
    auto r = open("shapes.txt", {"shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence",
                                 "shape_dist_traveled"});
    const std::size_t id = r->require_column("shape_id");
    const std::size_t lat = r->require_column("shape_pt_lat");
    const std::size_t lon = r->require_column("shape_pt_lon");
    const std::size_t seq = r->require_column("shape_pt_sequence");
    const auto dist = r->column("shape_dist_traveled");
    struct Point {
      std::int64_t sequence;
      net::ShapePoint point;
    };
    std::vector<std::string> order;
    std::unordered_map<std::string, std::vector<Point>> shapes;
    bool short_warned = false;
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.shape_point_rows;
      const std::string shape = text(*r, id);
      Point p{r->integer(seq), {r->number(lon), r->number(lat), net::kUnknown}};
      p.point.dist_traveled = r->optional_number(dist).value_or(net::kUnknown);
      if (!(p.point.lat >= -90 && p.point.lat <= 90)) {
        throw InputError(r->path(), r->line(), "shape_pt_lat", "latitude out of range");
      }
      if (!(p.point.lon >= -180 && p.point.lon <= 180)) {
        throw InputError(r->path(), r->line(), "shape_pt_lon", "longitude out of range");
      }
      auto [it, inserted] = shapes.try_emplace(shape);
      if (inserted) order.push_back(shape);
      it->second.push_back(p);
    }
    for (const std::string& shape : order) {
      std::vector<Point>& points = shapes[shape];
      std::stable_sort(points.begin(), points.end(),
                       [](const Point& a, const Point& b) { return a.sequence < b.sequence; });
      std::vector<net::ShapePoint> out;
      out.reserve(points.size());
      for (const Point& p : points) out.push_back(p.point);
      try {
        builder_.add_shape(shape, std::move(out));
      } catch (const net::BuildError& e) {
        throw InputError(r->path(), 0, e.field(), e.what());
      }
    }
  }

  void read_trips() {
    auto r = open("trips.txt", {"route_id", "service_id", "trip_id", "trip_headsign",
                                "trip_short_name", "direction_id", "block_id", "shape_id",
                                "wheelchair_accessible", "bikes_allowed"});
    const std::size_t route = r->require_column("route_id");
    const std::size_t service = r->require_column("service_id");
    const std::size_t id = r->require_column("trip_id");
    const auto headsign = r->column("trip_headsign");
    const auto shape = r->column("shape_id");
    trips_path_ = r->path();
    bool short_warned = false;
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.trip_rows;
      PendingTrip t;
      t.line = r->line();
      t.spec.id = text(*r, id);
      t.spec.route_id = text(*r, route);
      t.spec.service_id = text(*r, service);
      t.spec.headsign = text(*r, headsign);
      t.spec.shape_id = text(*r, shape);
      if (t.spec.id.empty()) throw InputError(r->path(), r->line(), "trip_id", "empty trip id");
      if (!builder_.has_route(t.spec.route_id)) {
        throw InputError(r->path(), r->line(), "route_id",
                         "unknown route '" + t.spec.route_id + "'");
      }
      if (!builder_.has_service(t.spec.service_id)) {
        throw InputError(r->path(), r->line(), "service_id",
                         "unknown service '" + t.spec.service_id +
                             "' (not in calendar.txt or calendar_dates.txt)");
      }
      if (!t.spec.shape_id.empty() && !builder_.has_shape(t.spec.shape_id)) {
        warn(r->path(), r->line(), "shape_id",
             "unknown shape '" + t.spec.shape_id + "'; the trip keeps no shape");
        t.spec.shape_id.clear();
      }
      if (!trip_index_.emplace(t.spec.id, pending_.size()).second) {
        throw InputError(r->path(), r->line(), "trip_id", "trip '" + t.spec.id + "' appears twice");
      }
      pending_.push_back(std::move(t));
    }
  }

  void read_stop_times() {
    auto r = open("stop_times.txt",
                  {"trip_id", "arrival_time", "departure_time", "stop_id", "location_group_id",
                   "location_id", "stop_sequence", "stop_headsign", "start_pickup_drop_off_window",
                   "end_pickup_drop_off_window", "pickup_type", "drop_off_type",
                   "continuous_pickup", "continuous_drop_off", "shape_dist_traveled", "timepoint",
                   "pickup_booking_rule_id", "drop_off_booking_rule_id"});
    const std::size_t trip = r->require_column("trip_id");
    const std::size_t arrival = r->require_column("arrival_time");
    const std::size_t departure = r->require_column("departure_time");
    const std::size_t stop = r->require_column("stop_id");
    const std::size_t sequence = r->require_column("stop_sequence");
    const auto pickup = r->column("pickup_type");
    const auto drop_off = r->column("drop_off_type");
    const auto dist = r->column("shape_dist_traveled");
    stop_times_path_ = r->path();
    std::size_t first_blank_line = 0;
    bool short_warned = false;
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.stop_time_rows;
      const std::string trip_id = text(*r, trip);
      const auto it = trip_index_.find(trip_id);
      if (it == trip_index_.end()) {
        throw InputError(r->path(), r->line(), "trip_id", "unknown trip '" + trip_id + "'");
      }
      PendingTrip& t = pending_[it->second];
      net::StopTimeSpec s;
      s.stop_id = text(*r, stop);
      if (!builder_.has_stop(s.stop_id)) {
        throw InputError(r->path(), r->line(), "stop_id", "unknown stop '" + s.stop_id + "'");
      }
      s.arrival_s = parse_time(r->field(arrival), *r, arrival);
      s.departure_s = parse_time(r->field(departure), *r, departure);
      if (s.arrival_s == net::kNoTime && s.departure_s == net::kNoTime) {
        ++report_.interpolated_stop_times;
        if (first_blank_line == 0) first_blank_line = r->line();
      }
      const std::int64_t seq = r->integer(sequence);
      if (seq < 0) {
        throw InputError(r->path(), r->line(), "stop_sequence", "must not be negative");
      }
      s.pickup_type = static_cast<std::uint8_t>(code(*r, pickup, 0, 3, 0));
      s.drop_off_type = static_cast<std::uint8_t>(code(*r, drop_off, 0, 3, 0));
      s.shape_dist_traveled = r->optional_number(dist).value_or(net::kUnknown);
      t.rows.push_back(Row{seq, r->line(), std::move(s)});
    }
    if (report_.interpolated_stop_times > 0) {
      warn(r->path(), first_blank_line, "arrival_time",
           std::to_string(report_.interpolated_stop_times) +
               " stop times without times, interpolated by distance along their trip (first "
               "here)");
    }
  }

  void add_trips() {
    std::unordered_set<std::string> used;
    for (PendingTrip& t : pending_) {
      if (t.rows.size() < 2) {
        ++report_.skipped_trips;
        warn(trips_path_, t.line, "trip_id",
             "trip '" + t.spec.id + "' has " + std::to_string(t.rows.size()) +
                 " stop times; it needs 2 and is skipped");
        continue;
      }
      std::stable_sort(t.rows.begin(), t.rows.end(),
                       [](const Row& a, const Row& b) { return a.sequence < b.sequence; });
      for (std::size_t i = 1; i < t.rows.size(); ++i) {
        if (t.rows[i].sequence == t.rows[i - 1].sequence) {
          const std::size_t line = std::max(t.rows[i].line, t.rows[i - 1].line);
          throw InputError(stop_times_path_, line, "stop_sequence",
                           "trip '" + t.spec.id + "' has stop_sequence " +
                               std::to_string(t.rows[i].sequence) + " twice");
        }
      }
      t.spec.stop_times.reserve(t.rows.size());
      for (Row& row : t.rows) {
        used.insert(row.stop_time.stop_id);
        t.spec.stop_times.push_back(std::move(row.stop_time));
      }
      try {
        builder_.add_trip(std::move(t.spec));
      } catch (const net::StopTimeError& e) {
        throw InputError(stop_times_path_, t.rows[e.index()].line, e.field(), e.what());
      } catch (const net::BuildError& e) {
        throw InputError(trips_path_, t.line, e.field(), e.what());
      }
      t.rows.clear();
      t.rows.shrink_to_fit();
    }
    // Stops (location_type 0) that no trip serves.
    std::size_t unused = 0, first_line = 0;
    std::string first_id;
    for (const auto& [stop, line] : platform_stops_) {
      if (used.contains(stop)) continue;
      if (unused++ == 0) {
        first_line = line;
        first_id = stop;
      }
    }
    if (unused > 0) {
      warn(stops_path_, first_line, "stop_id",
           std::to_string(unused) + " stops are served by no trip (first: '" + first_id + "')");
    }
  }

  void read_frequencies() {
    auto r = open("frequencies.txt",
                  {"trip_id", "start_time", "end_time", "headway_secs", "exact_times"});
    const std::size_t trip = r->require_column("trip_id");
    const std::size_t start = r->require_column("start_time");
    const std::size_t end = r->require_column("end_time");
    const std::size_t headway = r->require_column("headway_secs");
    const auto exact = r->column("exact_times");
    bool short_warned = false;
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.frequency_rows;
      net::FrequencySpec f;
      f.trip_id = text(*r, trip);
      if (!trip_index_.contains(f.trip_id)) {
        throw InputError(r->path(), r->line(), "trip_id", "unknown trip '" + f.trip_id + "'");
      }
      f.start_s = parse_time(r->field(start), *r, start);
      f.end_s = parse_time(r->field(end), *r, end);
      if (f.start_s == net::kNoTime) {
        throw InputError(r->path(), r->line(), "start_time", "blank; expected HH:MM:SS");
      }
      if (f.end_s == net::kNoTime) {
        throw InputError(r->path(), r->line(), "end_time", "blank; expected HH:MM:SS");
      }
      const std::int64_t h = r->integer(headway);
      if (h <= 0 || h > 86400 * 7) {
        throw InputError(r->path(), r->line(), "headway_secs",
                         "headway " + std::to_string(h) + " must be positive (and under a week)");
      }
      f.headway_s = static_cast<std::int32_t>(h);
      f.exact_times = code(*r, exact, 0, 1, 0) == 1;
      if (!builder_.has_trip(f.trip_id)) {
        warn(r->path(), r->line(), "trip_id",
             "frequency of trip '" + f.trip_id + "', which was skipped; ignored");
        continue;
      }
      try {
        builder_.add_frequency(f);
      } catch (const net::BuildError& e) {
        rethrow(*r, e);
      }
    }
  }

  void read_transfers() {
    auto r =
        open("transfers.txt", {"from_stop_id", "to_stop_id", "from_route_id", "to_route_id",
                               "from_trip_id", "to_trip_id", "transfer_type", "min_transfer_time"});
    const std::size_t from = r->require_column("from_stop_id");
    const std::size_t to = r->require_column("to_stop_id");
    const std::size_t type = r->require_column("transfer_type");
    const auto min_time = r->column("min_transfer_time");
    const auto specific = {r->column("from_route_id"), r->column("to_route_id"),
                           r->column("from_trip_id"), r->column("to_trip_id")};
    bool short_warned = false;
    while (r->next()) {
      note_short_record(*r, short_warned);
      ++report_.transfer_rows;
      net::TransferSpec t;
      t.from_stop_id = text(*r, from);
      t.to_stop_id = text(*r, to);
      for (const char* field : {"from_stop_id", "to_stop_id"}) {
        const std::string& s = field[0] == 'f' ? t.from_stop_id : t.to_stop_id;
        if (!builder_.has_stop(s)) {
          throw InputError(r->path(), r->line(), field, "unknown stop '" + s + "'");
        }
      }
      t.type = static_cast<net::TransferType>(code(*r, type, 0, 5, 0));
      const std::optional<std::int64_t> m = r->optional_integer(min_time);
      if (m && (*m < 0 || *m > 86400)) {
        throw InputError(r->path(), r->line(), "min_transfer_time",
                         "must be 0 to 86400 seconds, not " + std::to_string(*m));
      }
      t.min_transfer_time_s = m ? static_cast<std::int32_t>(*m) : -1;
      const bool is_specific = std::any_of(specific.begin(), specific.end(),
                                           [&](const auto& c) { return !r->blank(c); });
      if (is_specific) {
        warn(r->path(), r->line(), "", "route- or trip-specific transfer: not supported, ignored");
        continue;
      }
      try {
        builder_.add_transfer(t);
      } catch (const net::BuildError& e) {
        rethrow(*r, e);
      }
    }
  }

  struct Row {
    std::int64_t sequence;
    std::size_t line;
    net::StopTimeSpec stop_time;
  };
  struct PendingTrip {
    net::TripSpec spec;
    std::size_t line = 0;
    std::vector<Row> rows;
  };

  fs::path path_;
  FeedSource source_;
  GtfsReport& report_;
  net::TransitBuilder builder_;
  std::map<std::string, std::size_t> warnings_per_file_;
  std::vector<std::pair<std::string, std::size_t>> platform_stops_;  // location_type 0: id, line
  std::unordered_map<std::string, std::size_t> trip_index_;
  std::vector<PendingTrip> pending_;
  fs::path stops_path_, trips_path_, stop_times_path_;
};

}  // namespace

std::string Diagnostic::to_string() const {
  std::string s = path.string();
  if (line > 0) s.append(":").append(std::to_string(line));
  s.append(": ");
  if (!field.empty()) s.append("field '").append(field).append("': ");
  s.append(message);
  return s;
}

net::TransitNetwork read_gtfs(const fs::path& zip_or_folder, GtfsReport& report) {
  if (!fs::exists(zip_or_folder)) throw InputError(zip_or_folder, 0, "", "no such file or folder");
  return Reader(zip_or_folder, report).read();
}

bool looks_like_gtfs(const fs::path& path) {
  if (fs::is_directory(path)) return fs::is_regular_file(path / "stops.txt");
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".zip";
}

}  // namespace ouflow::io
