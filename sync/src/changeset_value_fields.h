// A record value split on its protobuf fields, the way a changeset body carries it
// (docs/changeset-format.md "Values"), and each field written back: shared by the encoder,
// which splits, and the decoder, which rebuilds, so both agree on every byte.
//
// The split knows no record schema: it works on wire fields, so a value with fields this
// release does not know, or of a record type it does not know, splits like any other. A value
// that would not come back byte for byte does not split and travels raw.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parta/sync/changeset_format.h"

namespace parta::changeset {

// One protobuf field of a value in the form it travels in.
struct ValueField {
  uint32_t number = 0;
  ValueForm form = kFormVarint;
  uint64_t bits = 0;       // the varint, or the fixed forms' little-endian bits
  std::string_view bytes;  // the bytes forms' payload (a view into the value or the key)
};

// The fields of `value` in wire order, those that repeat parts of `key` in the key forms; a
// 12-byte field that does not is kFormBytes (the encoder decides on kFormRecordKey). Nullopt
// when the value is not protobuf wire format that the fields rebuild exactly (a group, a
// varint longer than it needs), or has more than kShapeFieldsMax fields.
std::optional<std::vector<ValueField>> split_value(std::string_view value, std::string_view key);

// Appends `field` to `value` as protobuf wire bytes, the key forms taken from `key`. False,
// appending nothing, when `key` is too short for the form.
bool append_value_field(const ValueField& field, std::string_view key, std::string* value);

// The protobuf wire type a form is written with.
uint32_t wire_type_of(ValueForm form);

// Whether fields of `form` travel in a value column: the key forms are rebuilt from the key.
inline bool has_column(ValueForm form) {
  return form != kFormKeyHead && form != kFormKeyTail && form != kFormKeyDay;
}

// One number for a value column's (record type, field number, form), the same for the encoder
// and the decoder: the form in the low bits, the field above it, the record type above both.
inline uint64_t value_column_id(uint64_t record_type, uint64_t field_number, uint64_t form) {
  return (record_type << 32) | (field_number << kValueFormBits) | form;
}
static_assert(kValueFieldNumberMax << kValueFormBits >> kValueFormBits == kValueFieldNumberMax &&
                  (uint64_t{kValueFieldNumberMax} << kValueFormBits | kValueFormMask) <= UINT32_MAX,
              "a field number and a form fit below the record type");

}  // namespace parta::changeset
