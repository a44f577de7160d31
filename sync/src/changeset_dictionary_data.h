// The bytes of the dictionaries built into this release, from the generated
// changeset_dictionary_data.cpp (written by parta-train-dict --emit-cpp from
// sync/dict/changeset-v2.zdict).
#pragma once

#include <span>

namespace parta::changeset {

std::span<const unsigned char> dictionary_v2_bytes();

}  // namespace parta::changeset
