// Ed25519 identities with libsodium; see identity.h.
#include "parta/sync/identity.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sodium_init.h"

namespace parta {
namespace {

constexpr std::string_view kKeyFileHeader = "parta-identity-v1";

std::string to_hex(const uint8_t* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

bool from_hex(std::string_view text, uint8_t* out, size_t size) {
  size_t written = 0;
  const char* end = nullptr;
  return text.size() == size * 2 &&
         sodium_hex2bin(out, size, text.data(), text.size(), nullptr, &written, &end) == 0 &&
         written == size && end == text.data() + text.size();
}

}  // namespace

std::string public_key_hex(const PublicKey& key) { return to_hex(key.data(), key.size()); }

Result<PublicKey> parse_public_key_hex(std::string_view text) {
  PublicKey key;
  if (!from_hex(text, key.data(), key.size())) {
    return Status::invalid(fmt::format("\"{}\" is not a public key (64 hex digits)", text));
  }
  return key;
}

Identity Identity::generate() {
  ensure_sodium();
  Identity identity;
  crypto_sign_keypair(identity.public_key_.data(), identity.secret_key_.data());
  return identity;
}

Result<Identity> Identity::load(const std::filesystem::path& file) {
  ensure_sodium();
  struct stat info;
  if (::stat(file.c_str(), &info) != 0) {
    return Status::not_found(fmt::format("cannot read the node key {}: {}", file.string(),
                                         std::strerror(errno)));
  }
  if ((info.st_mode & 077) != 0) {
    return Status::refused(fmt::format(
        "the node key {} is readable by other users; run: chmod 600 {}", file.string(),
        file.string()));
  }
  std::ifstream in(file);
  std::string header, hex;
  in >> header >> hex;
  Identity identity;
  if (header != kKeyFileHeader || !from_hex(hex, identity.secret_key_.data(), kSecretKeyBytes)) {
    return Status::corrupt(fmt::format("the node key {} is damaged; restore it from a backup",
                                       file.string()));
  }
  // The file holds seed and public key; a damaged public half would fail every handshake
  // with a misleading message, so rebuild the pair from the seed and compare.
  std::array<uint8_t, kSecretKeyBytes> rebuilt{};
  PublicKey public_key{};
  crypto_sign_seed_keypair(public_key.data(), rebuilt.data(), identity.secret_key_.data());
  bool intact = rebuilt == identity.secret_key_;
  sodium_memzero(rebuilt.data(), rebuilt.size());
  if (!intact) {
    return Status::corrupt(fmt::format("the node key {} is damaged; restore it from a backup",
                                       file.string()));
  }
  identity.public_key_ = public_key;
  return identity;
}

Status Identity::save(const std::filesystem::path& file) const {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return Status::io(fmt::format("cannot create the node key {}: {}", file.string(),
                                  std::strerror(errno)));
  }
  std::string text = fmt::format("{}\n{}\n", kKeyFileHeader,
                                 to_hex(secret_key_.data(), secret_key_.size()));
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                 ::fsync(fd) == 0;
  sodium_memzero(text.data(), text.size());
  ::close(fd);
  if (!written) {
    ::unlink(file.c_str());
    return Status::io(fmt::format("cannot write the node key {}", file.string()));
  }
  return Status::ok();
}

std::string Identity::sign(std::string_view message) const {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<uint8_t*>(signature.data()), nullptr,
                       reinterpret_cast<const uint8_t*>(message.data()), message.size(),
                       secret_key_.data());
  return signature;
}

bool signature_is_valid(const PublicKey& signer, std::string_view message,
                        std::string_view signature) {
  ensure_sodium();
  return signature.size() == crypto_sign_BYTES &&
         crypto_sign_verify_detached(reinterpret_cast<const uint8_t*>(signature.data()),
                                     reinterpret_cast<const uint8_t*>(message.data()),
                                     message.size(), signer.data()) == 0;
}

Result<Identity> load_or_create_node_identity(const std::filesystem::path& node_dir) {
  const std::filesystem::path file = node_dir / kNodeKeyFileName;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    Status saved = Identity::generate().save(file);
    // Another process may have made it first; either way the file on disk is the identity.
    if (!saved.is_ok() && !std::filesystem::exists(file, ec)) return saved;
  }
  return Identity::load(file);
}

}  // namespace parta
