// The control socket end to end: ControlServer on its io_context thread, send_control_request
// from the test's thread, as partad and `parta sync` use them.
#include "parta/net/control_server.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstring>
#include <functional>
#include <future>
#include <thread>

#include "temp_dir.h"

namespace parta::net {
namespace {

using parta::testing::TempDir;

constexpr int64_t kTimeoutMs = 15'000;

// A ControlServer for `dir` running on its own thread until the harness is destroyed.
class RunningServer {
 public:
  RunningServer(const std::filesystem::path& dir, ControlServer::Handler handler)
      : server_(io_, std::move(handler)), work_(io_.get_executor()) {
    opened_ = server_.open(dir);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~RunningServer() {
    close();
    work_.reset();
    io_.stop();
    thread_.join();
  }
  const Status& opened() const { return opened_; }
  boost::asio::io_context& io() { return io_; }
  // Runs `body` on the server's thread and waits for it.
  void run(const std::function<void()>& body) {
    std::promise<void> ran;
    boost::asio::post(io_, [&] {
      body();
      ran.set_value();
    });
    ran.get_future().wait();
  }
  void close() {
    run([this] { server_.close(); });
  }

 private:
  boost::asio::io_context io_;
  ControlServer server_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  Status opened_;
  std::thread thread_;
};

void answer_ok(const ControlRequest& request, ControlServer::Respond respond) {
  respond(format_ok_reply(request.kind == ControlRequest::Kind::kStatus
                              ? "status"
                              : "synced " + (request.peer.empty() ? "all" : request.peer)));
}

TEST(ControlServer, AnswersARequestThroughAnOwnerOnlySocket) {
  TempDir dir;
  RunningServer server(dir.path(), answer_ok);
  ASSERT_TRUE(server.opened().is_ok()) << server.opened().message();
  struct stat info {};
  ASSERT_EQ(::stat((dir / "partad.sock").c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  auto reply = send_control_request(dir.path(), {ControlRequest::Kind::kSync, "hub-1"}, kTimeoutMs);
  ASSERT_TRUE(reply.is_ok()) << reply.status().message();
  EXPECT_TRUE(reply->ok);
  EXPECT_EQ(reply->text, "synced hub-1");
}

TEST(ControlServer, ClosingRemovesTheSocketAndClientsAreToldHowToStartPartad) {
  TempDir dir;
  RunningServer server(dir.path(), answer_ok);
  ASSERT_TRUE(server.opened().is_ok());
  server.close();
  EXPECT_FALSE(std::filesystem::exists(dir / "partad.sock"));
  auto reply = send_control_request(dir.path(), {ControlRequest::Kind::kSync, ""}, kTimeoutMs);
  ASSERT_FALSE(reply.is_ok());
  EXPECT_EQ(reply.status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(reply.status().message(), "partad is not running for " + dir.path().string() +
                                          "; start it with 'partad --dir " + dir.path().string() +
                                          "' or 'systemctl start partad'");
}

TEST(ControlServer, ReplacesASocketLeftByAPartadThatDied) {
  TempDir dir;
  {  // a socket file nobody listens on any more, as a killed partad leaves it
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strcpy(address.sun_path, (dir / "partad.sock").c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::close(fd);
  }
  auto stale = send_control_request(dir.path(), {ControlRequest::Kind::kSync, ""}, kTimeoutMs);
  EXPECT_EQ(stale.status().kind(), Status::Kind::kNotFound);
  RunningServer server(dir.path(), answer_ok);
  ASSERT_TRUE(server.opened().is_ok()) << server.opened().message();
  auto reply = send_control_request(dir.path(), {ControlRequest::Kind::kStatus, ""}, kTimeoutMs);
  ASSERT_TRUE(reply.is_ok()) << reply.status().message();
  EXPECT_EQ(reply->text, "status");
}

TEST(ControlServer, ASecondPartadForTheSameDirectoryIsRefused) {
  TempDir dir;
  RunningServer first(dir.path(), answer_ok);
  ASSERT_TRUE(first.opened().is_ok());
  boost::asio::io_context io;
  ControlServer second(io, answer_ok);
  Status opened = second.open(dir.path());
  EXPECT_EQ(opened.kind(), Status::Kind::kRefused);
  EXPECT_NE(opened.message().find("another partad is running for"), std::string::npos);
  // The refused one left the first one's socket alone.
  EXPECT_TRUE(
      send_control_request(dir.path(), {ControlRequest::Kind::kSync, ""}, kTimeoutMs).is_ok());
}

TEST(ControlServer, AReplyMayComeLater) {
  TempDir dir;
  std::shared_ptr<boost::asio::steady_timer> later;
  RunningServer* running = nullptr;
  RunningServer server(dir.path(), [&](const ControlRequest&, ControlServer::Respond respond) {
    later =
        std::make_shared<boost::asio::steady_timer>(running->io(), std::chrono::milliseconds(200));
    later->async_wait([respond](boost::system::error_code) {
      respond(format_error_reply("hub-1: cannot connect"));
    });
  });
  running = &server;
  ASSERT_TRUE(server.opened().is_ok());
  auto reply = send_control_request(dir.path(), {ControlRequest::Kind::kSync, ""}, kTimeoutMs);
  ASSERT_TRUE(reply.is_ok()) << reply.status().message();
  EXPECT_FALSE(reply->ok);
  EXPECT_EQ(reply->text, "hub-1: cannot connect");
  server.run([&] { later.reset(); });  // its I/O objects go before the io_context
}

TEST(ControlServer, ClientGivesUpAfterItsTimeout) {
  TempDir dir;
  std::vector<ControlServer::Respond> unanswered;
  RunningServer server(dir.path(), [&](const ControlRequest&, ControlServer::Respond respond) {
    unanswered.push_back(std::move(respond));
  });
  ASSERT_TRUE(server.opened().is_ok());
  auto reply = send_control_request(dir.path(), {ControlRequest::Kind::kSync, ""}, 300);
  ASSERT_FALSE(reply.is_ok());
  EXPECT_EQ(reply.status().kind(), Status::Kind::kIO);
  EXPECT_NE(reply.status().message().find("did not answer within"), std::string::npos);
  server.run([&] { unanswered.clear(); });  // its I/O objects go before the io_context
}

TEST(ControlServer, MalformedRequestIsAnsweredWithWhatItUnderstands) {
  TempDir dir;
  RunningServer server(dir.path(), answer_ok);
  ASSERT_TRUE(server.opened().is_ok());
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, (dir / "partad.sock").c_str());
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string request = "reboot\n";
  ASSERT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  std::string reply;
  char buffer[512];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) reply.append(buffer, n);
  ::close(fd);
  EXPECT_EQ(reply,
            "error unknown request \"reboot\"; partad understands 'sync', 'sync PEER' and "
            "'status'\n");
}

}  // namespace
}  // namespace parta::net
