// Per-op rules of a changeset batch; see changeset_op_rules.h.
#include "changeset_op_rules.h"

#include <fmt/format.h>
#include <google/protobuf/stubs/common.h>

#include "parta/sync/changeset_format.h"

namespace parta::changeset {

std::string scope_problem(std::string_view scope) {
  if (scope.size() > kScopeBytesMax) {
    return fmt::format("scope of {} bytes, more than the {} a scope may have", scope.size(),
                       kScopeBytesMax);
  }
  // Op.scope is a protobuf string: an op with a scope that is not UTF-8 would not parse.
  if (!google::protobuf::internal::IsStructurallyValidUTF8(scope.data(),
                                                           static_cast<int>(scope.size()))) {
    return "scope is not UTF-8";
  }
  return "";
}

std::string value_problem(size_t value_bytes, size_t op_value_bytes_max) {
  if (value_bytes <= op_value_bytes_max) return "";
  return fmt::format("value of {} bytes, more than the {} an op may carry", value_bytes,
                     op_value_bytes_max);
}

}  // namespace parta::changeset
