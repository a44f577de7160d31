// A node's LMDB environment opened directly, with its Store closed: how storage tests make a
// node as an earlier release left it, or damage what is on disk to see it caught.
#pragma once

#include <gtest/gtest.h>
#include <lmdb.h>

#include <filesystem>
#include <functional>
#include <string>

namespace parta::testing {

// Runs `body` in one write transaction of the environment in `dir`, then commits it.
inline void with_raw_node(const std::filesystem::path& dir,
                          const std::function<void(MDB_txn*)>& body) {
  MDB_env* env = nullptr;
  ASSERT_EQ(mdb_env_create(&env), MDB_SUCCESS);
  mdb_env_set_maxdbs(env, 32);
  ASSERT_EQ(mdb_env_open(env, dir.c_str(), 0, 0600), MDB_SUCCESS);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), MDB_SUCCESS);
  body(txn);
  ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
  mdb_env_close(env);
}

// The table `name`, which must exist.
inline MDB_dbi raw_table(MDB_txn* txn, const std::string& name) {
  MDB_dbi dbi = 0;
  EXPECT_EQ(mdb_dbi_open(txn, name.c_str(), 0, &dbi), MDB_SUCCESS) << name;
  return dbi;
}

// The value under `key` in `dbi`, parsed as a `Message`.
template <typename Message>
Message raw_get(MDB_txn* txn, MDB_dbi dbi, const std::string& key) {
  MDB_val mdb_key{key.size(), const_cast<char*>(key.data())};
  MDB_val value{};
  Message message;
  EXPECT_EQ(mdb_get(txn, dbi, &mdb_key, &value), MDB_SUCCESS);
  EXPECT_TRUE(message.ParseFromArray(value.mv_data, static_cast<int>(value.mv_size)));
  return message;
}

// Puts `bytes` under `key` in `dbi`.
inline void raw_put(MDB_txn* txn, MDB_dbi dbi, const std::string& key, std::string bytes) {
  MDB_val mdb_key{key.size(), const_cast<char*>(key.data())};
  MDB_val value{bytes.size(), bytes.data()};
  ASSERT_EQ(mdb_put(txn, dbi, &mdb_key, &value, 0), MDB_SUCCESS);
}

}  // namespace parta::testing
