// Reading Parta's TOML files (parta.toml, peers, invites) with toml++: the file is read with a
// size limit, parsed without letting an exception out, and each key is read with its type and
// range checked, so a failure names the file, the line and the key:
//   /var/lib/parta/parta.toml line 12: sync.window hours must be "HH:MM-HH:MM" ...
// Files laid out by hand (with a comment per setting) quote their text with toml_quoted().
// Sync-internal. Thread safety: values; a TomlTable points into its TomlFile, which must
// outlive it.
#pragma once

#include <cassert>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "parta/storage/status.h"

namespace parta {

// How a file's content errors are reported: Status::corrupt for files Parta writes itself,
// Status::invalid for files people edit or carry from another machine.
using StatusMaker = Status (*)(std::string message);

// Larger files are refused before parsing: none of Parta's TOML files comes near it.
inline constexpr size_t kTomlFileBytesMax = size_t{1} << 20;

class TomlTable;

class TomlFile {
 public:
  // NotFound when the file does not exist, IO when it cannot be read; `content_error` when it
  // is larger than kTomlFileBytesMax or is not TOML (with the line).
  static Result<TomlFile> read(const std::filesystem::path& path, StatusMaker content_error);

  TomlTable root() const;
  // "<path> line <n>: <what>", the line being where `at` starts (no line for nullptr).
  Status error(const toml::node* at, std::string_view what) const;

 private:
  TomlFile(std::filesystem::path path, StatusMaker content_error, toml::table root)
      : path_(std::move(path)), content_error_(content_error), root_(std::move(root)) {}

  std::filesystem::path path_;
  StatusMaker content_error_;
  toml::table root_;
};

// One table of a TomlFile; `prefix` is its dotted name for messages ("sync." or "").
class TomlTable {
 public:
  TomlTable(const TomlFile& file, const toml::table& table, const toml::node* located_at,
            std::string prefix)
      : file_(&file), table_(&table), located_at_(located_at), prefix_(std::move(prefix)) {}

  const toml::table& table() const { return *table_; }
  const TomlFile& file() const { return *file_; }
  // An error about `key` (at its line when present, else at this table's).
  Status error(std::string_view key, std::string_view what) const;

  // Required keys, read into *out: an error when missing or of another type or range.
  Status string(std::string_view key, std::string* out) const;
  template <typename Integer>
  Status integer(std::string_view key, Integer* out, int64_t min = 0,
                 int64_t max = std::numeric_limits<int64_t>::max()) const {
    return read_integer(key, out, min, max, /*required=*/true);
  }
  Status number(std::string_view key, double* out) const;  // a float or integer, 0 or more
  // Optional keys: *out is left as it is when the key is absent.
  Status optional_string(std::string_view key, std::string* out) const;
  template <typename Integer>
  Status optional_integer(std::string_view key, Integer* out, int64_t min, int64_t max) const {
    return read_integer(key, out, min, max, /*required=*/false);
  }
  // An error naming the first key not in `known` (a misspelt setting must not go unnoticed).
  Status check_known_keys(std::initializer_list<std::string_view> known) const;

 private:
  const toml::node* node(std::string_view key) const { return table_->get(key); }
  // The integer at `key` in [min, max]; nullopt when absent and not `required`.
  Result<std::optional<int64_t>> find_integer(std::string_view key, int64_t min, int64_t max,
                                              bool required) const;
  template <typename Integer>
  Status read_integer(std::string_view key, Integer* out, int64_t min, int64_t max,
                      bool required) const {
    assert(min >= 0 || std::numeric_limits<Integer>::is_signed);
    assert(static_cast<uint64_t>(max) <=
           static_cast<uint64_t>(std::numeric_limits<Integer>::max()));
    auto value = find_integer(key, min, max, required);
    if (!value) return value.status();
    if (*value) *out = static_cast<Integer>(**value);
    return Status::ok();
  }

  const TomlFile* file_;
  const toml::table* table_;
  const toml::node* located_at_;  // nullptr for the root table
  std::string prefix_;
};

// `text` as a TOML string value, quoted and escaped.
std::string toml_quoted(std::string_view text);

}  // namespace parta
