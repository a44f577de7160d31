// Checks of the values that describe a peer, shared by the peer files, the invites and the
// invite file a school receives: the address a school dials and a School record's id.
// Sync-internal.
#pragma once

#include <string_view>

#include "parta/storage/record_key.h"
#include "parta/storage/status.h"

namespace parta {

// Ok when `address` is HOST:PORT a school can dial: a host name, an IPv4 address or an IPv6
// address in brackets, and a port 1..65535; not an "any address" such as 0.0.0.0. Otherwise
// Invalid saying what is wrong, starting with the quoted address.
Status check_dial_address(std::string_view address);

// The School id as format_id("sc", key) writes it ("sc1-3fa2c1d0"); Invalid, quoting the text,
// for anything else (also the short form "sc1", which names no node).
Result<RecordKey> parse_school_id(std::string_view text);

}  // namespace parta
