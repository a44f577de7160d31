// `parta material ...`: task materials in DIR/materials.git (docs/materials-store.md).
#pragma once

#include "cli_context.h"

namespace parta::cli {

void add_material_commands(CLI::App& app, CliContext& context);

// Stores an audio review (`result record --audio FILE`) in DIR/materials.git under the ref of
// its assignment and student, within [materials] audio_bytes_max; returns the commit id for
// Review.audio_ref. Git first, the record after: the caller writes the review next.
Result<std::string> store_audio_review(const OpenNode& node, const std::string& file,
                                       const RecordKey& assignment, const RecordKey& student);

}  // namespace parta::cli
