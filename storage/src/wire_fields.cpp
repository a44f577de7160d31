// Wire-format field reader; see wire_fields.h.
#include "wire_fields.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

namespace parta {

using google::protobuf::io::CodedInputStream;
using google::protobuf::internal::WireFormatLite;

bool WireFields::parse(std::string_view message) {
  bytes_.fill({});
  varints_.fill(0);
  CodedInputStream input(reinterpret_cast<const uint8_t*>(message.data()),
                         static_cast<int>(message.size()));
  for (uint32_t tag; (tag = input.ReadTag()) != 0;) {
    uint32_t number = WireFormatLite::GetTagFieldNumber(tag);
    auto wire_type = WireFormatLite::GetTagWireType(tag);
    if (number > kFieldNumberMax) {
      if (!WireFormatLite::SkipField(&input, tag)) return false;
      continue;
    }
    if (wire_type == WireFormatLite::WIRETYPE_VARINT) {
      if (!input.ReadVarint64(&varints_[number])) return false;
    } else if (wire_type == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length = 0;
      if (!input.ReadVarint32(&length) || length > message.size()) return false;
      int at = input.CurrentPosition();
      if (!input.Skip(static_cast<int>(length))) return false;
      bytes_[number] = message.substr(static_cast<size_t>(at), length);
    } else if (!WireFormatLite::SkipField(&input, tag)) {
      return false;
    }
  }
  return input.ConsumedEntireMessage() && input.CurrentPosition() == static_cast<int>(message.size());
}

}  // namespace parta
