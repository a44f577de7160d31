// MaterialStore: task materials and audio reviews as git objects in a bare repository beside
// the LMDB environment, DIR/materials.git, written with libgit2 (docs/materials-store.md).
//
// Shape: one ref per history. An assignment's materials are refs/assignments/<assignment id>;
// each add is a new commit whose tree holds the assignment's current files by name (flat, one
// blob per file), the previous commit its parent, so a revised file is a new commit on the
// same history. Records name a commit id (Assignment.material_refs, Review.audio_ref): the
// record, synced as an op, says which version is current; the ref keeps the history reachable
// and is what sync's material transfer exchanges.
//
// Crash ordering (every write): blobs, tree and commit are written as loose objects (temporary
// file, fsync, rename; GIT_OPT_ENABLE_FSYNC_GITDIR is on), then the ref moves (lock file,
// fsync, rename), and only then may the caller commit a record naming the commit. A crash
// leaves at worst objects nothing refers to, which `git fsck --full` reports as dangling and
// accepts; never a ref or a record naming a missing object.
//
// Packs: build_pack() writes a pack of the commits a peer wants minus what it already has; a
// blob whose file existed in the parent commit travels as a delta against the parent's blob
// (a "thin" pack: the base is not in the pack, the peer has it), so a revised worksheet costs
// its delta. index_pack() verifies a received pack whole before any of its objects become
// visible; set_ref() moves a ref only to a commit whose whole history and trees are present.
//
// Failure: every call returns a Status or Result (status.h); nothing throws. Messages name the
// file or the object and say what to do.
//
// Thread safety: a MaterialStore is used from one thread at a time. Several processes may use
// the same repository at once: objects are immutable and ref updates compare-and-swap, so a
// concurrent add is Refused rather than lost.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/status.h"

namespace parta {

inline constexpr std::string_view kMaterialsRepoName = "materials.git";
inline constexpr std::string_view kAssignmentRefPrefix = "refs/assignments/";
inline constexpr std::string_view kReviewAudioRefPrefix = "refs/audio/";

// Per-file limits unless the node's configuration says otherwise: a worksheet with scans, a
// few minutes of spoken review.
inline constexpr uint64_t kMaterialFileBytesMaxDefault = uint64_t{20} << 20;
inline constexpr uint64_t kAudioFileBytesMaxDefault = uint64_t{10} << 20;
// Files in one commit's tree; a peer's pack may not hold more objects or bytes than these.
inline constexpr size_t kMaterialFilesMax = 256;
inline constexpr uint64_t kPackBytesMax = uint64_t{1} << 30;
inline constexpr uint64_t kPackObjectsMax = 200'000;
// Commits one history walk visits at most (list's version counts, completeness checks).
inline constexpr size_t kHistoryCommitsMax = 100'000;

struct MaterialFile {
  std::string name;  // base name, checked by check_material_name()
  std::string bytes;
  bool operator==(const MaterialFile&) const = default;
};

struct MaterialEntry {
  std::string name;
  uint64_t size_bytes = 0;
  std::string blob_id;    // 40 hex digits
  uint32_t versions = 0;  // distinct contents this name had along the first-parent history
  bool operator==(const MaterialEntry&) const = default;
};

struct MaterialTip {
  std::string ref;  // e.g. "refs/assignments/a3-00000001"
  std::string commit_id;
  bool operator==(const MaterialTip&) const = default;
};

// "refs/assignments/<id>"; `assignment_id` is the record's text id.
std::string assignment_materials_ref(std::string_view assignment_id);
// "refs/audio/<assignment id>/<student id>": a student's audio reviews of one assignment.
std::string review_audio_ref(std::string_view assignment_id, std::string_view student_id);

// Invalid, saying why, unless `name` can name a file in a tree: not empty, no '/', no NUL,
// not "." or "..", not ".git" (git fsck refuses it), valid UTF-8 (Cyrillic is fine).
Status check_material_name(std::string_view name);

// Reads `path` as a material stored under its base name. IO naming the file when it cannot be
// read; Invalid naming the file, its size and the limit when larger than `file_bytes_max`
// (saying to raise `limit_setting`, e.g. "[materials] file_bytes_max in /srv/node/parta.toml",
// when given), or when its base name is not allowed.
Result<MaterialFile> read_material_file(const std::filesystem::path& path, uint64_t file_bytes_max,
                                        std::string_view limit_setting = {});

class MaterialStore {
 public:
  ~MaterialStore();
  MaterialStore(const MaterialStore&) = delete;
  MaterialStore& operator=(const MaterialStore&) = delete;

  // Opens node_dir/materials.git, creating it (all at once: built beside, then renamed) if it
  // is missing. IO when it cannot be created; Corrupt when it exists but is not a repository.
  static Result<std::unique_ptr<MaterialStore>> open(const std::filesystem::path& node_dir);

  const std::filesystem::path& path() const;

  // A new commit on `ref` whose tree is the current tree with `files` added (a file of the same
  // name is replaced); returns its id once the ref points at it. Invalid for a bad ref or file
  // name, a file over `file_bytes_max`, no files, or more than kMaterialFilesMax files in the
  // tree; Refused if another process moved the ref meanwhile (run again).
  Result<std::string> add_files(std::string_view ref, std::span<const MaterialFile> files,
                                uint64_t file_bytes_max);
  // As add_files, but the new tree holds exactly `files` (an audio review replaces the last).
  Result<std::string> replace_files(std::string_view ref, std::span<const MaterialFile> files,
                                    uint64_t file_bytes_max);

  // The commit `ref` points at; nullopt when there is no such ref.
  Result<std::optional<std::string>> ref_commit(std::string_view ref) const;
  // The files of a commit's tree, in name order. NotFound when the commit is not here (yet);
  // Corrupt when an object it names is missing or damaged.
  Result<std::vector<MaterialFile>> read_files(std::string_view commit_id) const;
  // Names, sizes, blob ids and version counts of a commit's files, in name order; as read_files.
  Result<std::vector<MaterialEntry>> list(std::string_view commit_id) const;

  // Every ref under refs/ with the commit it points at, in ref name order.
  Result<std::vector<MaterialTip>> tips() const;
  // Whether the commit is here (Invalid if `commit_id` is not 40 hex digits).
  Result<bool> has_commit(std::string_view commit_id) const;

  // A pack holding `wanted` commits and everything they reach, minus the commits in `peer_has`
  // and everything those reach. Unknown `peer_has` ids are ignored; an unknown `wanted` id is
  // NotFound. Blobs are deltas against the same name in the parent commit where that is
  // smaller, so the pack may be thin: index it with index_pack() where the parents are.
  Result<std::string> build_pack(std::span<const std::string> wanted,
                                 std::span<const std::string> peer_has) const;
  // Verifies a received pack (checksums, zlib, delta bases present here or in the pack, links
  // between its objects) and only then makes its objects visible. Corrupt for a damaged or
  // incomplete pack, Refused over kPackBytesMax or kPackObjectsMax; nothing is kept then.
  Status index_pack(std::string_view pack);
  // Points `ref` at `commit_id` once the commit, its history and every tree and blob they name
  // are here: NotFound/Corrupt otherwise, and the ref does not move. It need not descend from
  // the ref's current commit: the caller (sync, following the synced record) decides which
  // version is current; a commit left behind stays readable until a gc.
  Status set_ref(std::string_view ref, std::string_view commit_id);

 private:
  struct Impl;
  explicit MaterialStore(std::unique_ptr<Impl> impl);
  Result<std::string> write_commit(std::string_view ref, std::span<const MaterialFile> files,
                                   uint64_t file_bytes_max, bool keep_current_files);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parta
