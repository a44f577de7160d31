// Which task-material commits a node's records name, and the ref each belongs on
// (docs/materials-store.md): an assignment's Assignment.material_refs[0] on
// refs/assignments/<assignment id>, a review's Review.audio_ref on
// refs/audio/<assignment id>/<student id>. A sync session asks its peer for those it lacks
// (material_exchange.h), and serves the peer only commits its scopes' records name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parta/storage/status.h"
#include "parta/storage/store.h"

namespace parta {

struct NamedMaterial {
  std::string commit;  // 40 hex digits
  std::string ref;
};

// The commits named by records in `scopes` (sorted; every record held when nullopt): an
// assignment is in its group's scope, a review in its student's school scope. A record that
// names something other than 40 hex digits names nothing. IO when the store cannot be read.
Result<std::vector<NamedMaterial>> materials_named(
    const ReadView& view, const std::optional<std::vector<std::string>>& scopes);

}  // namespace parta
