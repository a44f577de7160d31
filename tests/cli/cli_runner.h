// Runs the real `parta` binary the way a person or script would, capturing its output.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace parta::testing {

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs `parta ARGS...` with PARTA_DIR unset unless `env` sets it.
inline CliRun run_parta(const std::filesystem::path& scratch, const std::vector<std::string>& args,
                        const std::string& env = "") {
  std::string command = "env -u PARTA_DIR " + env + " " + shell_quote(PARTA_BIN);
  for (const auto& arg : args) command += " " + shell_quote(arg);
  auto out = scratch / "stdout.txt";
  auto err = scratch / "stderr.txt";
  command += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  int status = std::system(command.c_str());
  return CliRun{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace parta::testing
