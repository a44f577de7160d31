// One-time invites: issued and redeemed on the hub under DIR/invites, and the invite file
// carried to the school; see peers.h.
#include "parta/sync/peers.h"

#include <sodium.h>

#include <array>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <limits>
#include <sstream>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include "hex.h"
#include "peer_fields.h"
#include "private_files.h"
#include "sodium_init.h"
#include "toml_file.h"

namespace parta {
namespace {

constexpr size_t kTokenBytes = 32;
constexpr int64_t kInviteFileVersion = 1;
constexpr std::string_view kPendingSuffix = ".toml";
constexpr std::string_view kUsedSuffix = ".used.toml";

// "2026-11-25 14:05 UTC": the hub and the school may be in different time zones.
std::string utc_time_text(int64_t unix_ms) {
  const time_t seconds = static_cast<time_t>(unix_ms / 1000);
  tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:%Y-%m-%d %H:%M} UTC", utc);
}

// The name of a token's files under DIR/invites: the hex BLAKE2b-256 of the token's bytes, so
// that listing the directory gives no token away.
std::string invite_id(const std::array<uint8_t, kTokenBytes>& token) {
  std::array<uint8_t, 32> hash{};
  crypto_generichash(hash.data(), hash.size(), token.data(), token.size(), nullptr, 0);
  return bytes_to_hex(hash.data(), hash.size());
}

Status unknown_invite() {
  return Status::refused(
      "this invite was not issued by this hub, or it was for another hub; ask the hub for a new "
      "one with 'parta invite'");
}

// What DIR/invites/<id>.toml and <id>.used.toml hold.
struct InviteRecord {
  int64_t issued_ms = 0;
  int64_t expires_ms = 0;
  std::string address;
  int64_t used_ms = 0;  // 0 until redeemed (and in the moment between the rename and rewrite)
  std::string used_by;  // the peer name the school was pinned under
};

std::string invite_record_text(const InviteRecord& record) {
  toml::table table{{"issued_ms", record.issued_ms},
                    {"expires_ms", record.expires_ms},
                    {"address", record.address}};
  if (record.used_ms != 0) {
    table.insert("used_ms", record.used_ms);
    table.insert("used_by", record.used_by);
  }
  std::ostringstream text;
  text << "# An invite this hub issued ('parta invite'), named by the hash of its token (the\n"
       << "# token is not kept); renamed to <name>.used.toml when a school redeemed it.\n"
       << table << "\n";
  return text.str();
}

Result<InviteRecord> read_invite_record(const std::filesystem::path& file) {
  auto toml = TomlFile::read(file, &Status::corrupt);
  if (!toml) return toml.status();
  const TomlTable root = toml->root();
  InviteRecord record;
  PARTA_RETURN_IF_ERROR(root.integer("issued_ms", &record.issued_ms));
  PARTA_RETURN_IF_ERROR(root.integer("expires_ms", &record.expires_ms));
  PARTA_RETURN_IF_ERROR(root.string("address", &record.address));
  PARTA_RETURN_IF_ERROR(
      root.optional_integer("used_ms", &record.used_ms, 1, std::numeric_limits<int64_t>::max()));
  PARTA_RETURN_IF_ERROR(root.optional_string("used_by", &record.used_by));
  return record;
}

// Refused in words for an invite that cannot be redeemed (any more).
Status used_invite(const std::filesystem::path& used_file) {
  auto record = read_invite_record(used_file);
  if (!record) return record.status();
  if (record->used_ms == 0)
    return Status::refused("this invite was already used; ask for a new one");
  return Status::refused(fmt::format("this invite was already used on {}; ask for a new one",
                                     utc_time_text(record->used_ms)));
}

}  // namespace

Result<Invite> PeerDirectory::issue_invite(const NodeIdentity& hub, const PublicKey& hub_key,
                                           std::string_view address, int64_t now_ms,
                                           int64_t valid_ms) const {
  if (hub.role != "hub") {
    return Status::refused(
        "only a hub (base school) issues invites, and this node is a school; "
        "run 'parta invite' on the hub");
  }
  assert(valid_ms > 0);
  PARTA_RETURN_IF_ERROR(check_dial_address(address));
  const std::filesystem::path invites = dir_ / "invites";
  PARTA_RETURN_IF_ERROR(ensure_private_directory(invites));
  ensure_sodium();
  std::array<uint8_t, kTokenBytes> token{};
  randombytes_buf(token.data(), token.size());
  Invite invite{hub.name,
                std::string(address),
                hub_key,
                hub.school,
                bytes_to_hex(token.data(), token.size()),
                now_ms + valid_ms};
  const InviteRecord record{now_ms, invite.expires_ms, invite.address, 0, ""};
  PARTA_RETURN_IF_ERROR(write_private_file(
      invites / fmt::format("{}{}", invite_id(token), kPendingSuffix), invite_record_text(record)));
  return invite;
}

Result<Peer> PeerDirectory::redeem_invite(std::string_view token_hex, const PublicKey& school_key,
                                          std::string_view school_name, const RecordKey& school,
                                          uint32_t school_origin, int64_t now_ms) const {
  std::array<uint8_t, kTokenBytes> token{};
  if (!hex_to_bytes(token_hex, token.data(), token.size())) return unknown_invite();
  const std::filesystem::path invites = dir_ / "invites";
  const std::string id = invite_id(token);
  const std::filesystem::path pending = invites / fmt::format("{}{}", id, kPendingSuffix);
  const std::filesystem::path used = invites / fmt::format("{}{}", id, kUsedSuffix);
  auto record = read_invite_record(pending);
  if (record.status().kind() == Status::Kind::kNotFound) {
    std::error_code ec;
    return std::filesystem::exists(used, ec) ? used_invite(used) : unknown_invite();
  }
  if (!record) return record.status();
  if (now_ms >= record->expires_ms) {
    return Status::refused(fmt::format("this invite expired on {}; ask for a new one",
                                       utc_time_text(record->expires_ms)));
  }
  // The rename is the redemption: of several processes presenting the token, one renames.
  if (::rename(pending.c_str(), used.c_str()) != 0) {
    if (errno == ENOENT) return used_invite(used);
    return Status::io(fmt::format("cannot mark the invite {} as used: {}", pending.string(),
                                  std::strerror(errno)));
  }

  auto peer = pin_school(school_key, school_name, school, school_origin, now_ms);
  if (!peer) return peer.status();
  record->used_ms = now_ms;
  record->used_by = peer->name;
  PARTA_RETURN_IF_ERROR(write_private_file(used, invite_record_text(*record)));
  return peer;
}

Status write_invite_file(const std::filesystem::path& path, const Invite& invite) {
  const std::string text = fmt::format(
      "# A Parta invite: it lets one school pair with the hub (base school) named below.\n"
      "# It is a one-time secret: whoever holds it can pair one node with the hub, once, until\n"
      "# it expires. Carry it to the school (e.g. on a USB stick), run 'parta pair FILE' there,\n"
      "# then delete it.\n"
      "# Expires: {}\n"
      "version = {}\n"
      "hub_name = {}\n"
      "address = {}\n"
      "hub_key = {}\n"
      "hub_school = {}\n"
      "token = {}\n"
      "expires_ms = {}\n",
      utc_time_text(invite.expires_ms), kInviteFileVersion, toml_quoted(invite.hub_name),
      toml_quoted(invite.address), toml_quoted(public_key_hex(invite.hub_key)),
      toml_quoted(format_id("sc", invite.hub_school)), toml_quoted(invite.token),
      invite.expires_ms);
  return write_private_file(path, text);
}

Result<Invite> read_invite_file(const std::filesystem::path& path) {
  auto toml = TomlFile::read(path, &Status::invalid);
  if (!toml) return toml.status();
  const TomlTable root = toml->root();
  int64_t version = 0;
  PARTA_RETURN_IF_ERROR(root.integer("version", &version, 1));
  if (version != kInviteFileVersion) {
    return root.error("version", fmt::format("is {}, newer than this Parta reads ({}); update "
                                             "Parta on this node",
                                             version, kInviteFileVersion));
  }
  Invite invite;
  std::string hub_key, hub_school;
  PARTA_RETURN_IF_ERROR(root.string("hub_name", &invite.hub_name));
  PARTA_RETURN_IF_ERROR(root.string("address", &invite.address));
  PARTA_RETURN_IF_ERROR(root.string("hub_key", &hub_key));
  PARTA_RETURN_IF_ERROR(root.string("hub_school", &hub_school));
  PARTA_RETURN_IF_ERROR(root.string("token", &invite.token));
  PARTA_RETURN_IF_ERROR(root.integer("expires_ms", &invite.expires_ms, 1));
  if (invite.hub_name.empty()) return root.error("hub_name", "is empty");
  if (Status address = check_dial_address(invite.address); !address.is_ok()) {
    return root.error("address", address.message());
  }
  auto key = parse_public_key_hex(hub_key);
  if (!key) return root.error("hub_key", "must be 64 hex digits");
  invite.hub_key = *key;
  auto school = parse_school_id(hub_school);
  if (!school) return root.error("hub_school", school.status().message());
  invite.hub_school = *school;
  std::array<uint8_t, kTokenBytes> token{};
  if (!hex_to_bytes(invite.token, token.data(), token.size())) {
    return root.error("token", "must be 64 hex digits");
  }
  return invite;
}

}  // namespace parta
