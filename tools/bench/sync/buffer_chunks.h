// Morango's buffer transfer as it crosses the wire, chunk by chunk (morango/sync/syncsession.py
// and morango/api/viewsets.py):
//   push  POST /api/morango/v1/buffers/ with json.dumps(rows) gzipped at level 9 as the body
//         ("content-type: application/gzip"); the server answers 201 with no body.
//   pull  GET /api/morango/v1/buffers/?limit=500&offset=N&transfer_session_id=T; the server
//         answers with a LimitOffsetPagination page, {"count","next","previous","results"},
//         rendered by Django REST framework, not compressed.
// The client waits for each answer before it sends the next request; chunks hold 500 rows.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "morango_rows.h"

namespace parta::bench {

inline constexpr size_t kChunkRows = 500;  // Morango's default chunk_size
inline constexpr std::string_view kBufferPath = "/api/morango/v1/buffers/";

enum class Direction { kPush, kPull };

// The transfer session a direction's rows belong to (32 hex digits, the same on both ends).
std::string transfer_session_id(Direction direction);

// How many chunks `rows` rows take.
size_t chunk_count(size_t rows);

// The JSON a push sends for rows [first, first + kChunkRows), before gzip.
std::string push_chunk_json(std::span<const BufferRow> rows, size_t first);

// The target of the GET that pulls the chunk at `offset`.
std::string pull_target(size_t offset);

// The page a server answers that GET with; `origin` ("http://HOST:PORT") prefixes its links.
std::string pull_page_json(std::span<const BufferRow> rows, size_t offset, std::string_view origin);

}  // namespace parta::bench
