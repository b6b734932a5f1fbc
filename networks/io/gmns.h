// GMNS (General Modeling Network Specification, Zephyr Foundation) network files, as written
// and read by osm2gmns, DTALite and AequilibraE: node.csv and link.csv, with optional
// config.csv, zone.csv and demand.csv in the same directory.
//
// Reading
//   node.csv   node_id, x_coord, y_coord (required); zone_id; through_allowed (ours: 0 or 1).
//              node_type, name, ctrl_type ... are ignored.
//   link.csv   link_id, from_node_id, to_node_id, length, capacity (required);
//              free_speed or a free-flow time column (one of them is required);
//              directed, lanes, facility_type (else link_type_name), link_type, toll, name;
//              vdf_alpha | VDF_alpha1 | VDF_alpha | alpha, vdf_beta | VDF_beta1 | VDF_beta | beta,
//              vdf_fftt | VDF_fftt1 | VDF_fftt (free-flow time in minutes), vdf_type (ours:
//              "bpr" or "constant"). Other columns (geometry, dir_flag, allowed_uses ...) are
//              ignored. Column names are case-sensitive.
//   config.csv one row: long_length, speed, crs, dataset_name; and ours: toll_factor_s,
//              distance_factor_s_per_m, first_thru_node.
//   zone.csv   zone_id; name, population, jobs (the last two are ours).
//   demand.csv o_zone_id, d_zone_id, volume (DTALite's demand file; rows of one pair add up).
//
// Units. The GMNS spec leaves units to config.csv and gives no defaults. Without config.csv (or
// with its fields blank) we assume what osm2gmns writes: length in metres, free_speed in km/h.
//   long_length: m | meter | metre | km | mi | mile | ft | foot ... (and plurals)
//   speed:       kph | km/h | kmh | mph | mi/h | m/s ...; blank means long_length units per hour
//                (mph for miles and feet, km/h otherwise).
//   capacity:    vehicles (pce) per hour PER LANE, as the spec says. The model's capacity_vph is
//                for all lanes: capacity * lanes when lanes > 0, else capacity as given.
//   vdf_fftt:    minutes (DTALite). When blank, free_flow_time_s = length_m * 3.6 / speed_kmh
//                (0 for links of zero length); a link of positive length needs one or the other.
//   toll:        the file's currency units, unchanged.
//   lanes:       blank means unknown (0 in the model).
//
// Coordinates. With config.csv crs "4326", "EPSG:4326" or "WGS84", x_coord/y_coord are WGS84
// longitude/latitude. With another crs they are planar metres in that reference ("EPSG:n" for a
// number) and lon/lat are unknown; crs "local" means planar metres of unknown reference. With no
// crs, x/y are taken as lon/lat when every given node lies within [-180, 180] x [-90, 90], else
// as local metres (a small planar network near the origin needs crs "local"). Lon/lat are
// projected to the UTM zone of the centre of their bounding box (net::utm_epsg_for), which
// becomes metadata().projection. Blank x_coord and y_coord together mean unknown coordinates.
//
// Links and zones.
//   - directed = false (also 0, f, no) gives two links: from->to, then to->from, both with the
//     file's link_id and attributes. A missing directed column means every link is directed.
//   - link_id must be unique in link.csv; node, zone and link ids must be integers.
//   - Zone centroids are the nodes whose zone_id equals their node_id, and the nodes whose
//     node_id is listed in zone.csv. Zone id = centroid node id. Zones are numbered in node.csv
//     order. zone.csv rows with no node of the same id (zones given only as polygons) are ignored.
//   - facility_type is mapped by link_class_from_facility_type().
//
// Writing (write_gmns) creates `dir` if needed and writes, each file atomically:
//   config.csv (meter, kph, crs), node.csv, link.csv in RoadNetwork::input_order(), zone.csv when
//   there are zones and demand.csv (non-zero cells) when there is demand. A zone.csv or
//   demand.csv left in `dir` by an earlier write is removed when the model has none, so reading
//   the directory back gives the model written. Nodes are written as lon/lat when every node has
//   them (x/y are then recomputed on reading), else as x/y. Two consecutive links in input order
//   that are the same link_id in opposite directions with equal attributes are written as one
//   row with directed=false. vdf_fftt is written only where free-flow time differs from the
//   value derived from length and speed. Reading what was written gives back the same doubles,
//   except capacity (written per lane, read back times lanes) and vdf_fftt (minutes, read back
//   times 60): some doubles are no double times 3 (or 5, 6, 7, 60), so these two can come back
//   one unit in the last place off (about 15% of arbitrary capacities on 3-lane links; values
//   such as 1800 * 3 come back exact).
//   Models GMNS cannot hold throw std::invalid_argument: a zone whose id is not its centroid's
//   node id, two zones on one node, a link id used twice (other than as such a pair), a trip
//   table sized for another zone count.
// All reading errors throw ouflow::InputError naming the file, line and column.
#pragma once

#include <filesystem>
#include <string_view>

#include "networks/link_class.h"
#include "networks/model.h"

namespace ouflow::io {

// `dir_or_file` is the directory holding node.csv and link.csv, or any file in it.
net::Model read_gmns(const std::filesystem::path& dir_or_file);

void write_gmns(const std::filesystem::path& dir, const net::Model& model);

// GMNS facility_type (also OSM highway values) to a link class; case, blanks and '-' versus '_'
// do not matter, and an OSM "_link" suffix (motorway_link) maps like its road.
//   the names printed by net::to_string(LinkClass)   -> that class
//   motorway, freeway                                 -> kExpressway
//   trunk                                             -> kNationalRoad
//   primary, major/minor/principal arterial           -> kArterial
//   secondary, major/minor collector                  -> kCollector
//   tertiary, residential, living street, service     -> kLocal
//   centroid connector, zone connector                -> kConnector
//   busway, brt, bus only, rail, railway, subway, tram, light rail -> kTransitOnly
//   anything else, or blank                           -> kUnclassified
net::LinkClass link_class_from_facility_type(std::string_view facility_type);

}  // namespace ouflow::io
