// Values split on their fields and rebuilt; see changeset_value_fields.h.
#include "changeset_value_fields.h"

#include "changeset_columns.h"
#include "parta/storage/record_key.h"

namespace parta::changeset {
namespace {

constexpr uint32_t kWireVarint = 0;
constexpr uint32_t kWireFixed64 = 1;
constexpr uint32_t kWireBytes = 2;
constexpr uint32_t kWireFixed32 = 5;

std::string_view key_head(std::string_view key) {
  return key.size() >= kKeyPrefixBytes ? key.substr(0, kKeyPrefixBytes) : std::string_view();
}

std::string_view key_tail(std::string_view key) {
  return key.size() >= 2 * kKeyPrefixBytes ? key.substr(kKeyPrefixBytes, kKeyPrefixBytes)
                                           : std::string_view();
}

// The day of an attendance key as the varint an int32 field holds (sign-extended to 64 bits).
std::optional<uint64_t> key_day(std::string_view key) {
  if (key.size() < kKeyPrefixBytes + kKeyDayBytes) return std::nullopt;
  auto day = static_cast<int32_t>(read_u32_be(key.substr(kKeyPrefixBytes)) ^ kKeyDaySignFlip);
  return static_cast<uint64_t>(static_cast<int64_t>(day));
}

// The form a field of wire type `wire_type` takes, given the key it may repeat.
ValueForm form_for(uint32_t wire_type, const ValueField& field, std::string_view key) {
  switch (wire_type) {
    case kWireVarint:
      return key_day(key) == field.bits ? kFormKeyDay : kFormVarint;
    case kWireFixed64:
      return kFormFixed64;
    case kWireFixed32:
      return kFormFixed32;
  }
  if (field.bytes.size() == kKeyPrefixBytes && field.bytes == key_head(key)) return kFormKeyHead;
  if (field.bytes.size() == kKeyPrefixBytes && field.bytes == key_tail(key)) return kFormKeyTail;
  return kFormBytes;
}

uint64_t little_endian(std::string_view bytes) {
  uint64_t bits = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    bits |= uint64_t{static_cast<uint8_t>(bytes[i])} << (8 * i);
  }
  return bits;
}

void append_little_endian(std::string* out, uint64_t bits, size_t count) {
  for (size_t i = 0; i < count; ++i) out->push_back(static_cast<char>(bits >> (8 * i)));
}

}  // namespace

uint32_t wire_type_of(ValueForm form) {
  switch (form) {
    case kFormVarint:
    case kFormKeyDay:
      return kWireVarint;
    case kFormFixed64:
      return kWireFixed64;
    case kFormFixed32:
      return kWireFixed32;
    case kFormBytes:
    case kFormKeyHead:
    case kFormKeyTail:
    case kFormRecordKey:
      return kWireBytes;
  }
  return kWireBytes;
}

std::optional<std::vector<ValueField>> split_value(std::string_view value, std::string_view key) {
  std::vector<ValueField> fields;
  ColumnReader reader(value);
  while (reader.bytes_left() > 0) {
    if (fields.size() == kShapeFieldsMax) return std::nullopt;
    auto tag = reader.varint();
    if (!tag || (*tag >> 3) == 0 || (*tag >> 3) > kValueFieldNumberMax) return std::nullopt;
    ValueField field{.number = static_cast<uint32_t>(*tag >> 3)};
    auto wire_type = static_cast<uint32_t>(*tag & 7);
    std::optional<std::string_view> payload;
    switch (wire_type) {
      case kWireVarint: {
        auto bits = reader.varint();
        if (!bits) return std::nullopt;
        field.bits = *bits;
        break;
      }
      case kWireFixed64:
      case kWireFixed32:
        payload = reader.bytes(wire_type == kWireFixed64 ? 8 : 4);
        if (!payload) return std::nullopt;
        field.bits = little_endian(*payload);
        break;
      case kWireBytes:
        payload = reader.length_prefixed();
        if (!payload) return std::nullopt;
        field.bytes = *payload;
        break;
      default:
        return std::nullopt;  // a group, or not protobuf
    }
    field.form = form_for(wire_type, field, key);
    fields.push_back(field);
  }
  // Protobuf accepts varints longer than they need; they would come back shorter.
  std::string rebuilt;
  rebuilt.reserve(value.size());
  for (const ValueField& field : fields) append_value_field(field, key, &rebuilt);
  if (rebuilt != value) return std::nullopt;
  return fields;
}

bool append_value_field(const ValueField& field, std::string_view key, std::string* value) {
  std::string_view bytes = field.bytes;
  uint64_t bits = field.bits;
  if (field.form == kFormKeyHead) bytes = key_head(key);
  if (field.form == kFormKeyTail) bytes = key_tail(key);
  if ((field.form == kFormKeyHead || field.form == kFormKeyTail) && bytes.empty()) return false;
  if (field.form == kFormKeyDay) {
    auto day = key_day(key);
    if (!day) return false;
    bits = *day;
  }
  append_varint(value, (uint64_t{field.number} << 3) | wire_type_of(field.form));
  switch (wire_type_of(field.form)) {
    case kWireVarint:
      append_varint(value, bits);
      break;
    case kWireFixed64:
      append_little_endian(value, bits, 8);
      break;
    case kWireFixed32:
      append_little_endian(value, bits, 4);
      break;
    default:
      append_length_prefixed(value, bytes);
  }
  return true;
}

}  // namespace parta::changeset
