// Reading TOML files with checked keys; see toml_file.h.
#include "toml_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace parta {

Result<TomlFile> TomlFile::read(const std::filesystem::path& path, StatusMaker content_error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int open_error = errno;
    if (open_error == ENOENT) {
      return Status::not_found(fmt::format("{} does not exist", path.string()));
    }
    return Status::io(fmt::format("cannot read {}: {}", path.string(), std::strerror(open_error)));
  }
  std::string text;
  char buffer[1 << 14];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kTomlFileBytesMax) {
      return content_error(fmt::format("{} is larger than {} KiB, more than this file can be",
                                       path.string(), kTomlFileBytesMax >> 10));
    }
  }
  if (in.bad()) return Status::io(fmt::format("cannot read {}", path.string()));
  try {  // Debian's toml++ reports parse errors as exceptions; they stop here
    toml::table root = toml::parse(text, path.string());
    return TomlFile(path, content_error, std::move(root));
  } catch (const toml::parse_error& error) {
    return content_error(fmt::format("{} line {}: {}", path.string(), error.source().begin.line,
                                     error.description()));
  }
}

TomlTable TomlFile::root() const { return TomlTable(*this, root_, nullptr, ""); }

Status TomlFile::error(const toml::node* at, std::string_view what) const {
  if (at == nullptr || at->source().begin.line == 0) {
    return content_error_(fmt::format("{}: {}", path_.string(), what));
  }
  return content_error_(
      fmt::format("{} line {}: {}", path_.string(), at->source().begin.line, what));
}

Status TomlTable::error(std::string_view key, std::string_view what) const {
  const toml::node* at = node(key);
  return file_->error(at != nullptr ? at : located_at_, fmt::format("{}{} {}", prefix_, key, what));
}

Status TomlTable::string(std::string_view key, std::string* out) const {
  if (node(key) == nullptr) return error(key, "is missing");
  return optional_string(key, out);
}

Status TomlTable::number(std::string_view key, double* out) const {
  const toml::node* found = node(key);
  if (found == nullptr) return error(key, "is missing");
  std::optional<double> value = found->is_number() ? found->value<double>() : std::nullopt;
  if (!value || !(*value >= 0)) return error(key, "must be a number, 0 or more");
  *out = *value;
  return Status::ok();
}

Status TomlTable::optional_string(std::string_view key, std::string* out) const {
  const toml::node* found = node(key);
  if (found == nullptr) return Status::ok();
  if (!found->is_string()) return error(key, "must be text in quotes");
  *out = found->as_string()->get();
  return Status::ok();
}

Result<std::optional<int64_t>> TomlTable::find_integer(std::string_view key, int64_t min,
                                                       int64_t max, bool required) const {
  const toml::node* found = node(key);
  if (found == nullptr) {
    if (required) return error(key, "is missing");
    return std::optional<int64_t>();
  }
  if (!found->is_integer() || found->as_integer()->get() < min ||
      found->as_integer()->get() > max) {
    return error(key, max == std::numeric_limits<int64_t>::max()
                          ? fmt::format("must be a whole number, {} or more", min)
                          : fmt::format("must be a whole number from {} to {}", min, max));
  }
  return std::optional<int64_t>(found->as_integer()->get());
}

Status TomlTable::check_known_keys(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, value] : *table_) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      return file_->error(&value, fmt::format("unknown setting {}{} (known here: {})", prefix_,
                                              key.str(), fmt::join(known, ", ")));
    }
  }
  return Status::ok();
}

std::string toml_quoted(std::string_view text) {
  std::ostringstream out;
  out << toml::value<std::string>(std::string(text));
  return out.str();
}

}  // namespace parta
