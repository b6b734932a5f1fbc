// Network files in the Protobuf schema of networks/proto/network.proto: a binary encoding (*.pb)
// for fast reload of large networks and a text format (*.pbtxt) for review and hand edits. Both
// hold the same message, so either converts into the other without loss, and a write followed by
// a read gives back a model equal to the one written (RoadNetwork::operator==, TripTable ==):
// same ids, same link order, parallel links kept apart.
//
// Every file carries a format version and a fingerprint of its content; a reader rejects a newer
// version and a fingerprint that does not match (a text file may drop the fingerprint line after
// a hand edit). The content is then rebuilt through NetworkBuilder, so a file that passes those
// checks still meets every attribute rule of a network read from any other format.
#pragma once

#include <filesystem>

#include "networks/model.h"

namespace ouflow::io {

enum class PbEncoding { kBinary, kText };

// Writes the model atomically (a temporary file renamed over `path`). Throws std::runtime_error
// when the file cannot be written, std::invalid_argument when a name is not UTF-8 or a demand
// value is negative or not finite, and InvariantError when the demand's zone count differs from
// the network's.
void write_network_pb(const std::filesystem::path& path, const net::Model& model, PbEncoding enc);

// Reads a file written by write_network_pb (or by hand, in the text format). Throws InputError
// naming the file, the line (0 for binary files) and the field for anything it cannot accept:
// a corrupt or truncated file, a missing or newer format version, a fingerprint mismatch, columns
// of differing lengths, and every attribute rule of NetworkBuilder.
net::Model read_network_pb(const std::filesystem::path& path, PbEncoding enc);

}  // namespace ouflow::io
