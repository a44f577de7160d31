// Peer names: how a paired node is called in `parta peers` and named on disk
// (DIR/peers/<name>.toml). A name is 1 to kPeerNameBytesMax of [a-z0-9-], so it is safe as a
// file name: it cannot leave the directory or hide as a dot file. Sync-internal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parta {

inline constexpr size_t kPeerNameBytesMax = 40;

// Whether `name` is a peer name: [a-z0-9-], not starting with '-', at most kPeerNameBytesMax.
bool is_peer_name(std::string_view name);

// A peer name from a school's name (UTF-8): Russian letters transliterated to Latin, letters
// lowercased, every run of anything else made one '-', no '-' at either end, and at most
// kPeerNameBytesMax bytes; "school" when nothing is left. «Школа №2 с. Ивановка» gives
// "shkola-2-s-ivanovka".
std::string peer_name_from(std::string_view school_name);

}  // namespace parta
