// The C++ source that builds a trained dictionary into parta_sync
// (sync/src/changeset_dictionary_data.cpp), so the library needs no build step of its own to
// embed it.
#pragma once

#include <string>
#include <string_view>

namespace parta::train_dict {

// A source file defining changeset::dictionary_v2_bytes() over `dictionary`, whose comment
// names `dictionary_path` (the .zdict file it was written from) and the dictionary's id.
std::string dictionary_source(std::string_view dictionary, std::string_view dictionary_path);

}  // namespace parta::train_dict
