// Fuzz targets: every decoder of outside bytes gets one. Each is a plain function so the same
// code runs under libFuzzer (tools/fuzz.sh, built with clang) and as a replay of the saved
// corpus in the normal test run (fuzz_replay_test.cpp). A target returns normally on any
// input; a crash, a sanitizer report or a failed invariant (abort) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>

namespace parta::fuzz {

// A roster file as a school's software might export it (parse_roster_csv).
void roster_csv(const uint8_t* data, size_t size);
// A peer's op value merged into a stored record, and the index keys read from the result.
void record_merge(const uint8_t* data, size_t size);
// A peer's changeset batch (decode_changeset), and the same bytes as a bare batch body.
void changeset(const uint8_t* data, size_t size);
// Bytes from a network peer as the hub's and the school's channel receive them.
void channel(const uint8_t* data, size_t size);
// An invite file (read_invite_file), as carried to a school.
void invite(const uint8_t* data, size_t size);
// What a paired school says to the hub's SyncSession once the channel is open.
void session(const uint8_t* data, size_t size);
// An assignment's Markdown body read for paper (parse_task_markdown).
void task_markdown(const uint8_t* data, size_t size);
// A git pack of task materials as a peer sends it (MaterialStore::index_pack).
void material_pack(const uint8_t* data, size_t size);
// The text of a QR code on a scanned page (parse_qr_payload).
void qr_payload(const uint8_t* data, size_t size);
// An image file for print (decode_image) and as a scan (decode_scanned_image); the bytes as a
// JPEG's EXIF segment (exif_orientation).
void image_decode(const uint8_t* data, size_t size);

}  // namespace parta::fuzz

// Defines libFuzzer's entry point for one target when building that target's fuzzer.
#ifdef PARTA_FUZZ_ENTRY
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parta::fuzz::PARTA_FUZZ_ENTRY(data, size);
  return 0;
}
#endif
