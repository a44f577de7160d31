// Reading exported PDFs back with the tools a school would have: poppler's pdftotext, pdfinfo,
// pdffonts and pdftoppm, zbarimg (zbar-tools) for QR codes, and ImageMagick's convert to
// degrade page images as a scanner would. tools/setup/install-deps.sh installs them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace parta::testing {

// Runs `command` through the shell; stdout is returned, stderr dropped. Fails the test if the
// command does not exit 0 and `must_succeed` is set.
inline std::string run_tool(const std::string& command, bool must_succeed = true) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "cannot run " << command;
    return out;
  }
  char buffer[4096];
  for (size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, got);
  int status = ::pclose(pipe);
  if (must_succeed) {
    EXPECT_EQ(status, 0) << command;
  }
  return out;
}

inline std::string q(const std::filesystem::path& path) { return shell_quote(path.string()); }

// The text of a PDF with every run of white space made one space.
inline std::string pdf_text(const std::filesystem::path& pdf, int first_page = 0,
                            int last_page = 0) {
  std::string range =
      first_page ? " -f " + std::to_string(first_page) + " -l " + std::to_string(last_page) : "";
  std::string text = run_tool("pdftotext -enc UTF-8" + range + " " + q(pdf) + " -");
  std::string collapsed;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    if (!space)
      collapsed += c;
    else if (!collapsed.empty() && collapsed.back() != ' ')
      collapsed += ' ';
  }
  return collapsed;
}

inline int pdf_pages(const std::filesystem::path& pdf) {
  std::string info = run_tool("pdfinfo " + q(pdf));
  size_t at = info.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

// Page images at `dpi`, one PNG per page, in page order.
inline std::vector<std::filesystem::path> page_images(const std::filesystem::path& pdf,
                                                      const std::filesystem::path& dir, int dpi,
                                                      int first_page = 0, int last_page = 0) {
  std::filesystem::create_directories(dir);
  std::string range =
      first_page ? " -f " + std::to_string(first_page) + " -l " + std::to_string(last_page) : "";
  run_tool("pdftoppm -r " + std::to_string(dpi) + range + " -png " + q(pdf) + " " +
           q(dir / "page"));
  std::vector<std::filesystem::path> pages;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());  // pdftoppm pads page numbers to one width
  return pages;
}

// The QR codes zbarimg finds in an image, one per line; "" when it finds none.
inline std::string qr_codes(const std::filesystem::path& image) {
  std::string out = run_tool("zbarimg -q --raw " + q(image), /*must_succeed=*/false);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The images as a 150 dpi scanner might give them back: turned by `degrees[i]`, blurred
// (a Gaussian of 1.2 pixels), noisy; made side by side, as ImageMagick is slow at this.
inline std::vector<std::filesystem::path> scanned_badly(
    const std::vector<std::filesystem::path>& images, const std::vector<double>& degrees) {
  std::vector<std::filesystem::path> scans;
  std::string commands;
  for (size_t i = 0; i < images.size(); ++i) {
    scans.push_back(images[i]);
    scans.back().replace_extension(".scanned.png");
    commands += "convert " + q(images[i]) + " -seed 7 -background white -rotate " +
                std::to_string(degrees[i]) + " -blur 0x1.2 -attenuate 0.6 +noise Gaussian " +
                "+repage " + q(scans.back()) + " & ";
  }
  run_tool("{ " + commands + "wait; }");
  return scans;
}

}  // namespace parta::testing
