// Writes a git pack (version 2) in memory: whole objects and REF_DELTA entries whose base may
// be outside the pack (a thin pack, which libgit2's packbuilder cannot write). Layout in
// docs/materials-store.md, "Packs". Private to parta_materials.
// Thread safety: one writer per thread.
#pragma once

#include <git2.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta::materials {

inline constexpr std::string_view kPackSignature = "PACK";
inline constexpr uint32_t kPackVersion = 2;
inline constexpr size_t kPackHeaderBytes = 12;   // signature, version, object count
inline constexpr size_t kPackTrailerBytes = 20;  // SHA-1 of everything before it
inline constexpr int kPackTypeRefDelta = 7;

class PackWriter {
 public:
  // A commit, tree or blob stored whole.
  Status add_whole(git_object_t type, std::string_view data);
  // An object stored as `delta` (git_delta.h) against `base`, which the reader has or which is
  // in this pack.
  Status add_delta(const git_oid& base, std::string_view delta);
  uint32_t object_count() const { return object_count_; }
  // The pack: header, entries, trailer. The writer is spent afterwards.
  Result<std::string> finish();

 private:
  Status add_entry(int type, std::string_view prefix, std::string_view data);
  std::string entries_;
  uint32_t object_count_ = 0;
};

}  // namespace parta::materials
