// Walks the fields of a serialized protobuf message without parsing it into an object, so the
// changeset decoder can check counts and sizes before it allocates anything for them.
//
// Thread safety: pure functions.
#pragma once

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstdint>
#include <string_view>

namespace parta::changeset {

// One field occurrence as it appears on the wire.
struct WireField {
  uint32_t number = 0;
  google::protobuf::internal::WireFormatLite::WireType type{};
  uint64_t varint = 0;     // when type is WIRETYPE_VARINT
  std::string_view bytes;  // when type is WIRETYPE_LENGTH_DELIMITED: a view into the message
};

// Calls `visit(const WireField&)`, which returns true to go on, for each varint and
// length-delimited field of `message` in wire order; fields of other wire types are passed
// with neither value set. False when `message` is not well-formed wire format, or as soon as
// `visit` returns false.
template <typename Visit>
bool walk_wire_fields(std::string_view message, Visit&& visit) {
  using google::protobuf::internal::WireFormatLite;
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(message.data()),
                                               static_cast<int>(message.size()));
  for (uint32_t tag; (tag = input.ReadTag()) != 0;) {
    WireField field{.number = static_cast<uint32_t>(WireFormatLite::GetTagFieldNumber(tag)),
                    .type = WireFormatLite::GetTagWireType(tag)};
    if (field.number == 0) return false;
    if (field.type == WireFormatLite::WIRETYPE_VARINT) {
      if (!input.ReadVarint64(&field.varint)) return false;
    } else if (field.type == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length = 0;
      if (!input.ReadVarint32(&length) || length > message.size()) return false;
      int at = input.CurrentPosition();
      if (!input.Skip(static_cast<int>(length))) return false;
      field.bytes = message.substr(static_cast<size_t>(at), length);
    } else if (!WireFormatLite::SkipField(&input, tag)) {
      return false;
    }
    if (!visit(static_cast<const WireField&>(field))) return false;
  }
  return input.ConsumedEntireMessage() &&
         input.CurrentPosition() == static_cast<int>(message.size());
}

}  // namespace parta::changeset
