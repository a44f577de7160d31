// Ref names, file names and reading a file as a material; see material_store.h.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "parta/materials/material_store.h"

namespace parta {
namespace {

bool is_utf8(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    auto byte = static_cast<unsigned char>(text[at]);
    size_t length = byte < 0x80           ? 1
                    : (byte >> 5) == 0x6  ? 2
                    : (byte >> 4) == 0xe  ? 3
                    : (byte >> 3) == 0x1e ? 4
                                          : 0;
    if (length == 0 || at + length > text.size()) return false;
    for (size_t i = 1; i < length; ++i) {
      if ((static_cast<unsigned char>(text[at + i]) & 0xc0) != 0x80) return false;
    }
    at += length;
  }
  return true;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

std::string mebibytes(uint64_t bytes) { return fmt::format("{:.1f} MiB", bytes / 1048576.0); }

}  // namespace

std::string assignment_materials_ref(std::string_view assignment_id) {
  return fmt::format("{}{}", kAssignmentRefPrefix, assignment_id);
}

std::string review_audio_ref(std::string_view assignment_id, std::string_view student_id) {
  return fmt::format("{}{}/{}", kReviewAudioRefPrefix, assignment_id, student_id);
}

Status check_material_name(std::string_view name) {
  if (name.empty()) return Status::invalid("a material's file name is empty");
  if (name == "." || name == "..") {
    return Status::invalid(fmt::format("\"{}\" cannot name a material file", name));
  }
  if (name.find('/') != std::string_view::npos || name.find('\0') != std::string_view::npos) {
    return Status::invalid(fmt::format(
        "material file name \"{}\" holds '/' or NUL; materials are stored under a base name",
        name));
  }
  // git fsck rejects trees naming .git (also as Windows' short name git~1).
  if (equals_ignoring_ascii_case(name, ".git") || equals_ignoring_ascii_case(name, "git~1")) {
    return Status::invalid(fmt::format("\"{}\" cannot name a material file; rename it", name));
  }
  if (!is_utf8(name)) {
    return Status::invalid(
        fmt::format("material file name \"{}\" is not UTF-8; rename the file", name));
  }
  return Status::ok();
}

Result<MaterialFile> read_material_file(const std::filesystem::path& path, uint64_t file_bytes_max,
                                        std::string_view limit_setting) {
  MaterialFile file;
  file.name = path.filename().string();
  if (Status named = check_material_name(file.name); !named.is_ok()) {
    return named.with_context(path.string());
  }
  auto too_large = [&](uint64_t size_bytes) {
    return Status::invalid(fmt::format(
        "{} is {} ({} bytes), over the limit of {} ({} bytes) for one file; make it smaller "
        "(e.g. scan at a lower resolution, split it) or raise {}",
        path.string(), mebibytes(size_bytes), size_bytes, mebibytes(file_bytes_max), file_bytes_max,
        limit_setting.empty() ? "the limit" : limit_setting));
  };
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Status::invalid(fmt::format("{} is a directory; name the files in it", path.string()));
  }
  uint64_t size_bytes = std::filesystem::file_size(path, error);
  if (!error && size_bytes > file_bytes_max) return too_large(size_bytes);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;  // a file named wrongly is the caller's mistake, not the system's
    std::string message = fmt::format("cannot read {}: {}", path.string(), std::strerror(error));
    return error == ENOENT || error == ENOTDIR ? Status::not_found(std::move(message))
                                               : Status::io(std::move(message));
  }
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    file.bytes.append(buffer, static_cast<size_t>(in.gcount()));
    if (file.bytes.size() > file_bytes_max) return too_large(file.bytes.size());  // a pipe
  }
  if (in.bad()) {
    return Status::io(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
  }
  return file;
}

}  // namespace parta
