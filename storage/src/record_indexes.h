// Which index entries a record produces (storage-internal). The store removes a record's old
// entries and adds its new ones in the transaction that changes it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/indexes.h"
#include "parta/storage/record_types.h"
#include "parta/storage/status.h"

namespace parta {

struct IndexEntry {
  IndexId index;
  std::string key;  // ends with the record key
  bool operator==(const IndexEntry&) const = default;
};

// The key of the record an index entry points at, recovered from the entry's key (entries
// store no value). `index_key` must be a key that index_entries produced for `index`.
std::string record_key_of(IndexId index, std::string_view index_key);

// Entries for a live record of `type` whose serialized value is `value`. Corrupt if the value
// does not parse as that type.
Result<std::vector<IndexEntry>> index_entries(RecordType type, std::string_view record_key,
                                              std::string_view value);

}  // namespace parta
