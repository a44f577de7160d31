// libgit2 set-up and errors; see git_handles.h.
#include "git_handles.h"

#include <fmt/format.h>

#include <mutex>

namespace parta::materials {

void ensure_libgit2_ready() {
  static std::once_flag once;
  std::call_once(once, [] {
    int initialised = git_libgit2_init();
    assert(initialised > 0);
    (void)initialised;
    // Loose objects, packs, their indexes and refs are fsynced before they are renamed into
    // place: the crash ordering of material_store.h rests on it.
    int set = git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
    assert(set == 0);
    (void)set;
  });
}

Status git_failure(std::string_view what, Status (*kind_otherwise)(std::string)) {
  const git_error* error = git_error_last();
  std::string reason = error != nullptr && error->message != nullptr ? error->message : "unknown";
  std::string message = fmt::format("{}: {}", what, reason);
  if (error != nullptr && error->klass == GIT_ERROR_OS) return Status::io(std::move(message));
  return kind_otherwise(std::move(message));
}

Result<git_oid> parse_oid(std::string_view id) {
  git_oid oid;
  bool hex = id.size() == GIT_OID_HEXSZ &&
             id.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (!hex || git_oid_fromstrn(&oid, id.data(), id.size()) != 0) {
    return Status::invalid(
        fmt::format("\"{}\" is not a git object id (40 lowercase hex digits)", id));
  }
  return oid;
}

std::string oid_text(const git_oid& oid) {
  char text[GIT_OID_HEXSZ + 1];
  git_oid_tostr(text, sizeof text, &oid);
  return text;
}

}  // namespace parta::materials
