// Status and Result: how every storage call reports failure.
//
// Errors are values at library boundaries (no exception leaves storage). A Status has one of a
// few kinds and one message written for a school's IT person: what was wrong, where, and what to
// do. Callers pass a callee's Status up unchanged instead of wrapping it again.
//
// Thread safety: values; safe to copy between threads.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace parta {

class [[nodiscard]] Status {
 public:
  enum class Kind {
    kOk,
    kNotFound,  // the named thing does not exist
    kInvalid,   // the caller's input is wrong (bad date, unknown class, malformed row)
    kRefused,   // the input is well-formed but a rule forbids it (no consent, clock ahead)
    kCorrupt,   // stored or received bytes fail their checks
    kIO,        // the operating system failed us (disk full, permission, a failing disk)
  };

  Status() = default;
  static Status ok() { return Status(); }
  static Status not_found(std::string message) { return Status(Kind::kNotFound, std::move(message)); }
  static Status invalid(std::string message) { return Status(Kind::kInvalid, std::move(message)); }
  static Status refused(std::string message) { return Status(Kind::kRefused, std::move(message)); }
  static Status corrupt(std::string message) { return Status(Kind::kCorrupt, std::move(message)); }
  static Status io(std::string message) { return Status(Kind::kIO, std::move(message)); }

  bool is_ok() const { return kind_ == Kind::kOk; }
  Kind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const char* kind_name() const;
  // The same kind of error with `context` (where it happened) before its message.
  Status with_context(std::string_view context) const {
    assert(!is_ok());
    return Status(kind_, std::string(context) + ": " + message_);
  }

 private:
  Status(Kind kind, std::string message) : kind_(kind), message_(std::move(message)) {
    assert(kind != Kind::kOk);
  }
  Kind kind_ = Kind::kOk;
  std::string message_;
};

inline const char* Status::kind_name() const {
  switch (kind_) {
    case Kind::kOk: return "ok";
    case Kind::kNotFound: return "not found";
    case Kind::kInvalid: return "invalid";
    case Kind::kRefused: return "refused";
    case Kind::kCorrupt: return "corrupt";
    case Kind::kIO: return "I/O error";
  }
  return "unknown";
}

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).is_ok());
  }

  bool is_ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const {
    static const Status kOk;
    return is_ok() ? kOk : std::get<Status>(state_);
  }
  T& value() & {
    assert(is_ok());
    return std::get<T>(state_);
  }
  const T& value() const& {
    assert(is_ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(is_ok());
    return std::get<T>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace parta

// Returns early with the Status of an expression that failed.
#define PARTA_RETURN_IF_ERROR(expr)              \
  do {                                           \
    ::parta::Status parta_status_ = (expr);      \
    if (!parta_status_.is_ok()) return parta_status_; \
  } while (0)
