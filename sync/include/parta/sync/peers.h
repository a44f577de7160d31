// Peers: the nodes this node syncs with, whose Ed25519 keys it pinned at pairing, and the
// one-time invites a hub hands out so a school can pair (DESIGN.md §5 "Pairing").
//
// Files, all under the node directory and readable by their owner only (0600, directories
// 0700), each replaced whole (atomic_file.h) so a crash never leaves half a file. All are TOML;
// times are unix milliseconds (integers), keys 64 hex digits, School ids "sc1-3fa2c1d0":
//   DIR/peers/<name>.toml          one pinned peer: name, role, key, address, school, paired_ms
//   DIR/peers/<name>.status.toml   written by partad after each session with that peer: the
//                                  PeerStatus fields, peer_vector as [[peer_vector]] tables
//                                  {scope, origin, seq}
//   DIR/invites/<id>.toml          an invite the hub issued, until it is redeemed or expires:
//                                  issued_ms, expires_ms, address. <id> is the hex BLAKE2b-256
//                                  of the token's 32 bytes; the token itself is not kept
//   DIR/invites/<id>.used.toml     a redeemed invite (so a reused token is named as reused),
//                                  with used_ms and used_by (the peer name) added
// A peer's <name> is [a-z0-9-], at most 40 bytes, and checked wherever it is read or used as a
// file name, so no name leads out of DIR/peers.
// partad and `parta` may use the directory at the same time: files are only ever replaced
// whole or renamed, and redeeming is a rename, so an invite is redeemed once even when two
// processes race for it; pinning holds a lock on DIR/peers (flock) while it checks for a
// clash and writes, so two peers never get one name.
//
// The invite file handed to a school (`parta invite --out FILE`) is TOML too, after a comment
// saying what it is and when it expires (UTC):
//   version = 1                      a later format gets a higher number; this one refuses it
//   hub_name = '...'                 the hub's school name
//   address = 'HOST:PORT'            where the school dials the hub
//   hub_key = '<64 hex digits>'      the hub's Ed25519 public key, pinned by the school
//   hub_school = 'sc1-3fa2c1d0'      the hub's School record
//   token = '<64 hex digits>'        32 random bytes
//   expires_ms = <unix ms>
// It is a secret until redeemed: whoever holds it can pair once.
//
// Thread safety: calls from several threads or processes are safe in the sense above. A
// PeerDirectory holds its path and the peer files it last parsed, which its copies share
// under a mutex.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/record_key.h"
#include "parta/storage/status.h"
#include "parta/storage/store.h"
#include "parta/sync/identity.h"

namespace parta {

struct Peer {
  std::string name;      // unique in the directory; [a-z0-9-], from the peer's school name
  std::string role;      // the peer's role: "hub" or "school"
  PublicKey key{};
  std::string address;   // HOST:PORT to dial: set for a school's hub, empty on the hub
  RecordKey school;      // the peer's School record
  int64_t paired_ms = 0; // unix ms
  uint32_t origin = 0;   // the peer's node id, pinned at pairing: only its own ops carry it
};

// What partad last saw of a peer; `parta peers` shows it.
struct PeerStatus {
  int64_t last_attempt_ms = 0;
  int64_t last_success_ms = 0;     // 0 = never
  std::string last_error;          // empty when the last session succeeded; in words
  uint64_t ops_sent = 0;           // in the last session
  uint64_t ops_received = 0;
  uint64_t bytes_sent = 0;         // on the wire, in the last session
  uint64_t bytes_received = 0;
  double seconds = 0;
  uint64_t ops_waiting_incoming = 0;  // the peer had these for us and they did not arrive
  std::vector<VersionEntry> peer_vector;  // what the peer held at the end of the last session
};

struct Invite {
  std::string hub_name;
  std::string address;   // HOST:PORT the school dials
  PublicKey hub_key{};
  RecordKey hub_school;
  std::string token;     // 32 random bytes, as 64 hex digits
  int64_t expires_ms = 0;
};

class PeerDirectory {
 public:
  explicit PeerDirectory(std::filesystem::path node_dir);
  // Copies share the parsed files. No move: it would leave the source without them.
  PeerDirectory(const PeerDirectory&) = default;
  PeerDirectory& operator=(const PeerDirectory&) = default;

  // Every pinned peer, by name. A malformed peer file is Corrupt, naming the file. A file is
  // parsed again only when it changed (another inode, size or modification time) since this
  // directory (or a copy of it) last read it.
  Result<std::vector<Peer>> list() const;
  // nullopt when no peer has the key (or name); Invalid when `name` is not a peer name.
  Result<std::optional<Peer>> find_by_key(const PublicKey& key) const;
  Result<std::optional<Peer>> find_by_name(std::string_view name) const;
  // Pins a peer, dropping any status a peer unpaired before left under its name. Refused if
  // another peer has the same key or name; re-adding the identical peer is ok (its first
  // paired_ms and its status stay). The caller picks the name (unique_name() helps);
  // Invalid when it is not a peer name or the address is not one a school can dial.
  Status add(const Peer& peer);
  // Unpins the peer named `name` and drops its status: partad no longer accepts its key, and
  // the node may pair anew (a reinstalled or restored school, another hub). Returns the peer
  // it was, or only its name (role empty) when its file was malformed, which is removed all
  // the same; NotFound when no peer has the name, Invalid when it is not a peer name.
  Result<Peer> remove(std::string_view name) const;
  // A free peer name derived from `school_name`: Russian transliterated, [a-z0-9-], at most
  // 40 bytes («Школа №2 с. Ивановка» → "shkola-2-s-ivanovka"), then -2, -3... if taken;
  // "school" when nothing is left of the name.
  Result<std::string> unique_name(std::string_view school_name) const;

  // Invalid when `name` is not a peer name; IO naming the file when it cannot be written.
  Status write_status(std::string_view name, const PeerStatus& status) const;
  // A peer never synced with has the default status. Corrupt naming the file when malformed.
  Result<PeerStatus> read_status(std::string_view name) const;

  // Hub: a fresh invite valid until now + valid_ms (> 0), recorded under DIR/invites.
  // Refused unless `hub` is a hub; Invalid for an address a school cannot dial (not
  // HOST:PORT, or an "any address" such as 0.0.0.0).
  Result<Invite> issue_invite(const NodeIdentity& hub, const PublicKey& hub_key,
                              std::string_view address, int64_t now_ms, int64_t valid_ms) const;
  // Hub: redeems `token` for the school that presents it, pinning that school. Refused with
  // words an IT person can act on when the token is unknown, already used or expired
  // (a used token stays used even if the pairing fails later). A school already pinned with
  // this key and School gets its peer back: the answer to its first pairing may have been lost.
  Result<Peer> redeem_invite(std::string_view token, const PublicKey& school_key,
                             std::string_view school_name, const RecordKey& school,
                             uint32_t school_origin,
                             int64_t now_ms) const;

 private:
  // redeem_invite()'s pinning: the school as a new peer named after `school_name`, or its
  // peer when this key and School are pinned already. Refused when another key pins the
  // same School (an invite holder may not pass for a school that is paired).
  Result<Peer> pin_school(const PublicKey& school_key, std::string_view school_name,
                          const RecordKey& school, uint32_t school_origin,
                          int64_t now_ms) const;

  std::filesystem::path dir_;
  // Peer files as last parsed, shared by copies: a hub lists its peers at every handshake,
  // and parsing a hundred TOML files for each of a hundred schools was a tenth of its work.
  struct ParsedFiles;
  std::shared_ptr<ParsedFiles> parsed_;
};

// The invite file given to a school, written with mode 0600; IO naming the file on failure.
Status write_invite_file(const std::filesystem::path& path, const Invite& invite);
// NotFound when the file is missing; Invalid with the path, line and key when it is malformed
// or of a later version.
Result<Invite> read_invite_file(const std::filesystem::path& path);

}  // namespace parta
