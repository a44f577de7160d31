// The built-in changeset dictionary, its digested forms, and training; see
// changeset_dictionary.h.
#include "parta/sync/changeset_dictionary.h"

#include <fmt/format.h>
#include <zdict.h>

#include <cassert>
#include <vector>

#include "changeset_dictionary_data.h"
#include "changeset_digested_dictionaries.h"
#include "parta/sync/changeset_format.h"

namespace parta {

std::span<const unsigned char> builtin_changeset_dictionary() {
  return changeset::dictionary_v2_bytes();
}

uint32_t builtin_changeset_dictionary_id() {
  static const uint32_t id = [] {
    auto bytes = builtin_changeset_dictionary();
    return changeset_dictionary_id({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  }();
  return id;
}

uint32_t changeset_dictionary_id(std::string_view dictionary) {
  return ZDICT_getDictID(dictionary.data(), dictionary.size());
}

Result<std::string> train_changeset_dictionary(std::span<const std::string> sample_bodies,
                                               size_t dictionary_bytes) {
  std::string samples;
  std::vector<size_t> sample_sizes;
  for (const std::string& body : sample_bodies) {
    samples += body;
    sample_sizes.push_back(body.size());
  }
  std::string dictionary(dictionary_bytes, '\0');
  size_t size =
      ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), samples.data(),
                            sample_sizes.data(), static_cast<unsigned>(sample_sizes.size()));
  if (ZDICT_isError(size)) {
    return Status::invalid(fmt::format(
        "training a changeset dictionary of {} bytes on {} samples ({} bytes) failed: {}",
        dictionary_bytes, sample_sizes.size(), samples.size(), ZDICT_getErrorName(size)));
  }
  dictionary.resize(size);
  return dictionary;
}

namespace changeset {

const ZSTD_CDict* builtin_cdict() {
  static const ZSTD_CDict* const cdict = [] {
    auto bytes = builtin_changeset_dictionary();
    ZSTD_CDict* made = ZSTD_createCDict(bytes.data(), bytes.size(), kZstdLevel);
    assert(made != nullptr && "the built-in dictionary is a valid zstd dictionary");
    return made;
  }();
  return cdict;
}

const ZSTD_DDict* ddict_for(uint32_t dictionary_id) {
  static const ZSTD_DDict* const builtin = [] {
    auto bytes = builtin_changeset_dictionary();
    ZSTD_DDict* made = ZSTD_createDDict(bytes.data(), bytes.size());
    assert(made != nullptr && "the built-in dictionary is a valid zstd dictionary");
    return made;
  }();
  if (dictionary_id == kNoDictionaryId) return nullptr;
  return dictionary_id == builtin_changeset_dictionary_id() ? builtin : nullptr;
}

}  // namespace changeset
}  // namespace parta
