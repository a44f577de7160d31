// Pinned peers and what partad last saw of them: DIR/peers/<name>.toml and
// <name>.status.toml, read and written with toml++; see peers.h. Invites are in invites.cpp.
#include "parta/sync/peers.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>

#include "directory_lock.h"
#include "parta/storage/atomic_file.h"
#include "peer_fields.h"
#include "peer_name.h"
#include "private_files.h"
#include "toml_file.h"

namespace parta {
namespace {

constexpr std::string_view kPeerFileSuffix = ".toml";
constexpr std::string_view kStatusFileSuffix = ".status.toml";
// unique_name() tries name, name-2, ... name-<this>, then gives up.
constexpr int kNameSuffixMax = 999;

std::filesystem::path peers_dir(const std::filesystem::path& node_dir) {
  return node_dir / "peers";
}
// Only for names is_peer_name() accepts.
std::filesystem::path peer_file(const std::filesystem::path& node_dir, std::string_view name) {
  return peers_dir(node_dir) / fmt::format("{}{}", name, kPeerFileSuffix);
}
std::filesystem::path status_file(const std::filesystem::path& node_dir, std::string_view name) {
  return peers_dir(node_dir) / fmt::format("{}{}", name, kStatusFileSuffix);
}

Status check_peer_name(std::string_view name) {
  if (is_peer_name(name)) return Status::ok();
  return Status::invalid(fmt::format(
      "\"{}\" is not a peer name: peer names are 1 to {} lowercase Latin letters, digits and '-' "
      "(see 'parta peers')",
      name, kPeerNameBytesMax));
}

// A uint64 counter as TOML writes integers; no counter of one session comes near 2^63.
int64_t toml_integer(uint64_t value) {
  assert(value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
  return static_cast<int64_t>(value);
}

std::string peer_file_text(const Peer& peer) {
  toml::table table{{"name", peer.name},
                    {"role", peer.role},
                    {"key", public_key_hex(peer.key)},
                    {"address", peer.address},
                    {"school", format_id("sc", peer.school)},
                    {"paired_ms", peer.paired_ms},
                    {"origin", static_cast<int64_t>(peer.origin)}};
  std::ostringstream text;
  text << "# A peer this node syncs with, pinned when it paired. Written by Parta: a different\n"
       << "# key means a different machine, which must pair again ('parta invite').\n"
       << table << "\n";
  return text.str();
}

// Reads the peer file `file` of the peer `name`; Corrupt naming the file and what is wrong.
Result<Peer> read_peer_file(const std::filesystem::path& file, std::string_view name) {
  auto toml = TomlFile::read(file, &Status::corrupt);
  if (!toml) return toml.status();
  const TomlTable root = toml->root();
  Peer peer;
  std::string key_hex, school_id;
  PARTA_RETURN_IF_ERROR(root.string("name", &peer.name));
  PARTA_RETURN_IF_ERROR(root.string("role", &peer.role));
  PARTA_RETURN_IF_ERROR(root.string("key", &key_hex));
  PARTA_RETURN_IF_ERROR(root.string("address", &peer.address));
  PARTA_RETURN_IF_ERROR(root.string("school", &school_id));
  PARTA_RETURN_IF_ERROR(root.integer("paired_ms", &peer.paired_ms));
  PARTA_RETURN_IF_ERROR(  // a school's hub is pinned without one
      root.optional_integer("origin", &peer.origin, 0, std::numeric_limits<uint32_t>::max()));
  if (peer.name != name) {
    return root.error("name", fmt::format("must match the file's name (\"{}\")", name));
  }
  if (peer.role != "hub" && peer.role != "school") {
    return root.error("role", "must be \"hub\" or \"school\"");
  }
  auto key = parse_public_key_hex(key_hex);
  if (!key) return root.error("key", "must be 64 hex digits");
  peer.key = *key;
  if (!peer.address.empty()) {
    Status address = check_dial_address(peer.address);
    if (!address.is_ok()) return root.error("address", address.message());
  }
  auto school = parse_school_id(school_id);
  if (!school) return root.error("school", school.status().message());
  peer.school = *school;
  return peer;
}

// Whether two pinnings are the same: re-adding one changes nothing (paired_ms stays the first).
bool same_pinning(const Peer& a, const Peer& b) {
  return a.name == b.name && a.role == b.role && a.key == b.key && a.address == b.address &&
         a.school == b.school && a.origin == b.origin;
}

std::string status_file_text(const PeerStatus& status) {
  toml::array peer_vector;
  for (const VersionEntry& entry : status.peer_vector) {
    peer_vector.push_back(toml::table{{"scope", entry.scope},
                                      {"origin", static_cast<int64_t>(entry.origin)},
                                      {"seq", toml_integer(entry.seq)}});
  }
  toml::table table{{"last_attempt_ms", status.last_attempt_ms},
                    {"last_success_ms", status.last_success_ms},
                    {"last_error", status.last_error},
                    {"ops_sent", toml_integer(status.ops_sent)},
                    {"ops_received", toml_integer(status.ops_received)},
                    {"bytes_sent", toml_integer(status.bytes_sent)},
                    {"bytes_received", toml_integer(status.bytes_received)},
                    {"seconds", status.seconds},
                    {"ops_waiting_incoming", toml_integer(status.ops_waiting_incoming)},
                    {"peer_vector", std::move(peer_vector)}};
  std::ostringstream text;
  text << "# What partad saw of this peer in its last session; 'parta peers' shows it.\n"
       << table << "\n";
  return text.str();
}

Result<std::vector<VersionEntry>> read_peer_vector(const TomlTable& root) {
  std::vector<VersionEntry> entries;
  const toml::node* node = root.table().get("peer_vector");
  if (node == nullptr) return entries;
  const toml::array* array = node->as_array();
  if (array == nullptr) return root.error("peer_vector", "must be an array of tables");
  for (const toml::node& item : *array) {
    const toml::table* entry = item.as_table();
    if (entry == nullptr) return root.error("peer_vector", "must be an array of tables");
    TomlTable table(root.file(), *entry, &item, "peer_vector.");
    VersionEntry& read = entries.emplace_back();
    PARTA_RETURN_IF_ERROR(table.string("scope", &read.scope));
    PARTA_RETURN_IF_ERROR(
        table.integer("origin", &read.origin, 0, std::numeric_limits<uint32_t>::max()));
    PARTA_RETURN_IF_ERROR(table.integer("seq", &read.seq));
  }
  return entries;
}

Result<PeerStatus> read_status_file(const TomlFile& toml) {
  const TomlTable root = toml.root();
  PeerStatus status;
  PARTA_RETURN_IF_ERROR(root.integer("last_attempt_ms", &status.last_attempt_ms));
  PARTA_RETURN_IF_ERROR(root.integer("last_success_ms", &status.last_success_ms));
  PARTA_RETURN_IF_ERROR(root.string("last_error", &status.last_error));
  PARTA_RETURN_IF_ERROR(root.integer("ops_sent", &status.ops_sent));
  PARTA_RETURN_IF_ERROR(root.integer("ops_received", &status.ops_received));
  PARTA_RETURN_IF_ERROR(root.integer("bytes_sent", &status.bytes_sent));
  PARTA_RETURN_IF_ERROR(root.integer("bytes_received", &status.bytes_received));
  PARTA_RETURN_IF_ERROR(root.number("seconds", &status.seconds));
  PARTA_RETURN_IF_ERROR(root.integer("ops_waiting_incoming", &status.ops_waiting_incoming));
  auto peer_vector = read_peer_vector(root);
  if (!peer_vector) return peer_vector.status();
  status.peer_vector = std::move(*peer_vector);
  return status;
}

// Holds DIR/peers locked (directory_lock.h), so that checking for a clash and writing the
// peer file are one step for every thread and process.
Result<DirectoryLock> lock_peers_dir(const std::filesystem::path& node_dir) {
  PARTA_RETURN_IF_ERROR(ensure_private_directory(peers_dir(node_dir)));
  return DirectoryLock::acquire(peers_dir(node_dir));
}

// PeerDirectory::add() for a caller holding lock_peers_dir().
Status add_holding_lock(const PeerDirectory& directory, const std::filesystem::path& node_dir,
                        const Peer& peer) {
  PARTA_RETURN_IF_ERROR(check_peer_name(peer.name));
  assert(peer.role == "hub" || peer.role == "school");
  if (!peer.address.empty()) PARTA_RETURN_IF_ERROR(check_dial_address(peer.address));
  auto peers = directory.list();
  if (!peers) return peers.status();
  for (const Peer& pinned : *peers) {
    if (same_pinning(pinned, peer)) return Status::ok();
    if (pinned.name == peer.name) {
      return Status::refused(fmt::format(
          "a peer named \"{}\" is already paired with another key; pick another name", peer.name));
    }
    if (pinned.key == peer.key) {
      return Status::refused(fmt::format(
          "this node ({}) is already paired as \"{}\"; to pair it anew, first run 'parta "
          "peers remove {}'",
          public_key_hex(peer.key), pinned.name, pinned.name));
    }
  }
  // A status left under this name by a peer unpaired before belongs to another node.
  PARTA_RETURN_IF_ERROR(remove_file_durably(status_file(node_dir, peer.name)));
  return write_private_file(peer_file(node_dir, peer.name), peer_file_text(peer));
}

}  // namespace

// What identifies one version of a peer file: peer files are replaced whole (a new inode), and
// size and modification time catch an edit in place.
struct FileStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  int64_t modified_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

// File times tick coarsely: by the kernel's timer (at most 10 ms) on ext4, xfs, btrfs and
// tmpfs, where a node's directory lives. Parta replaces peer files whole (a new inode, always
// seen); only an edit in place within one tick of an earlier one could go unseen.
constexpr int64_t kSettledNs = 100'000'000;

struct PeerDirectory::ParsedFiles {
  std::mutex mutex;
  std::map<std::string, std::pair<FileStamp, Peer>> by_name;  // guarded by mutex
};

PeerDirectory::PeerDirectory(std::filesystem::path node_dir)
    : dir_(std::move(node_dir)), parsed_(std::make_shared<ParsedFiles>()) {}

Result<std::vector<Peer>> PeerDirectory::list() const {
  std::vector<Peer> peers;
  const std::filesystem::path dir = peers_dir(dir_);
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return peers;
  std::filesystem::directory_iterator entries(dir, ec);
  if (ec) return Status::io(fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  std::lock_guard lock(parsed_->mutex);
  std::map<std::string, std::pair<FileStamp, Peer>> seen;
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const int64_t listed_ns = int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
  for (const auto& entry : entries) {
    const std::string file_name = entry.path().filename().string();
    // Status files and the temporary files of atomic writes are not peers.
    if (!file_name.ends_with(kPeerFileSuffix) || file_name.ends_with(kStatusFileSuffix)) continue;
    const std::string name = file_name.substr(0, file_name.size() - kPeerFileSuffix.size());
    if (!is_peer_name(name)) {
      return Status::corrupt(fmt::format(
          "{} is not a peer file: peer names are lowercase Latin letters, digits and '-'; "
          "move it out of {}",
          entry.path().string(), dir.string()));
    }
    struct stat info;
    if (::stat(entry.path().c_str(), &info) != 0) {
      if (errno == ENOENT) continue;  // removed since the listing
      return Status::io(
          fmt::format("cannot read {}: {}", entry.path().string(), std::strerror(errno)));
    }
    const FileStamp stamp{info.st_dev, info.st_ino, info.st_size,
                          int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec};
    auto known = parsed_->by_name.find(name);
    if (known != parsed_->by_name.end() && known->second.first == stamp) {
      peers.push_back(known->second.second);
      seen.insert(*known);
      continue;
    }
    auto peer = read_peer_file(entry.path(), name);
    if (!peer) return peer.status();
    peers.push_back(*peer);
    // A file changed within the last tick could change again within it, unseen: it is kept
    // only once its time is past kSettledNs.
    if (listed_ns - stamp.modified_ns > kSettledNs) {
      seen.emplace(name, std::pair{stamp, std::move(*peer)});
    }
  }
  parsed_->by_name = std::move(seen);
  std::sort(peers.begin(), peers.end(),
            [](const Peer& a, const Peer& b) { return a.name < b.name; });
  return peers;
}

Result<std::optional<Peer>> PeerDirectory::find_by_key(const PublicKey& key) const {
  auto peers = list();
  if (!peers) return peers.status();
  for (Peer& peer : *peers) {
    if (peer.key == key) return std::optional<Peer>(std::move(peer));
  }
  return std::optional<Peer>();
}

Result<std::optional<Peer>> PeerDirectory::find_by_name(std::string_view name) const {
  PARTA_RETURN_IF_ERROR(check_peer_name(name));
  auto peer = read_peer_file(peer_file(dir_, name), name);
  if (peer.status().kind() == Status::Kind::kNotFound) return std::optional<Peer>();
  if (!peer) return peer.status();
  return std::optional<Peer>(std::move(*peer));
}

Status PeerDirectory::add(const Peer& peer) {
  auto lock = lock_peers_dir(dir_);
  if (!lock) return lock.status();
  return add_holding_lock(*this, dir_, peer);
}

Result<Peer> PeerDirectory::pin_school(const PublicKey& school_key, std::string_view school_name,
                                       const RecordKey& school, uint32_t school_origin,
                                       int64_t now_ms) const {
  auto lock = lock_peers_dir(dir_);
  if (!lock) return lock.status();
  auto pinned = find_by_key(school_key);
  if (!pinned) return pinned.status();
  if (*pinned && (*pinned)->role == "school" && (*pinned)->school == school &&
      (*pinned)->origin == school_origin) {
    return std::move(**pinned);  // the school paired before, and its answer was lost on the way
  }
  auto all = list();
  if (!all) return all.status();
  for (const Peer& other : *all) {
    if (other.school == school || other.origin == school_origin) {
      return Status::refused(fmt::format(
          "this school (or its node id) is paired already as «{}» with another key; a school "
          "that was reinstalled or restored must be unpaired on the hub first: run 'parta "
          "peers remove {}' there, then pair with a new invite",
          other.name, other.name));
    }
  }
  auto name = unique_name(school_name);
  if (!name) return name.status();
  Peer peer{*name, "school", school_key, "", school, now_ms, school_origin};
  PARTA_RETURN_IF_ERROR(add_holding_lock(*this, dir_, peer));
  return peer;
}

Result<Peer> PeerDirectory::remove(std::string_view name) const {
  auto lock = lock_peers_dir(dir_);
  if (!lock) return lock.status();
  auto peer = find_by_name(name);
  Peer removed{.name = std::string(name)};  // its other fields stay empty if it did not parse
  if (peer && !*peer) {
    return Status::not_found(
        fmt::format("no peer is named \"{}\"; 'parta peers' lists them", name));
  }
  if (peer) {
    removed = std::move(**peer);
  } else if (peer.status().kind() != Status::Kind::kCorrupt) {
    return peer.status();  // a malformed file is removed all the same: unpairing is the cure
  }
  // The status first: a peer file left without it is only a peer never synced with.
  PARTA_RETURN_IF_ERROR(remove_file_durably(status_file(dir_, name)));
  PARTA_RETURN_IF_ERROR(remove_file_durably(peer_file(dir_, name)));
  return removed;
}

Result<std::string> PeerDirectory::unique_name(std::string_view school_name) const {
  const std::string base = peer_name_from(school_name);
  for (int suffix = 1; suffix <= kNameSuffixMax; ++suffix) {
    std::string name = base;
    if (suffix > 1) {
      const std::string tail = fmt::format("-{}", suffix);
      name.resize(std::min(name.size(), kPeerNameBytesMax - tail.size()));
      while (name.ends_with('-')) name.pop_back();
      name += tail;
    }
    auto taken = find_by_name(name);
    if (!taken) return taken.status();
    if (!*taken) return name;
  }
  return Status::refused(
      fmt::format("{} peers are already named after \"{}\"; unpair the ones no longer used "
                  "('parta peers remove NAME')",
                  kNameSuffixMax, base));
}

Status PeerDirectory::write_status(std::string_view name, const PeerStatus& status) const {
  PARTA_RETURN_IF_ERROR(check_peer_name(name));
  PARTA_RETURN_IF_ERROR(ensure_private_directory(peers_dir(dir_)));
  return write_private_file(status_file(dir_, name), status_file_text(status));
}

Result<PeerStatus> PeerDirectory::read_status(std::string_view name) const {
  PARTA_RETURN_IF_ERROR(check_peer_name(name));
  auto toml = TomlFile::read(status_file(dir_, name), &Status::corrupt);
  if (toml.status().kind() == Status::Kind::kNotFound) return PeerStatus();
  if (!toml) return toml.status();
  return read_status_file(*toml);
}

}  // namespace parta
