#include <gtest/gtest.h>

#include "net/url.hpp"

namespace cartbell::net {
namespace {

struct good_case {
  const char* text;
  const char* host;
  std::uint16_t port;
  const char* target;
  const char* authority;
  bool https = false;
};

TEST(url, parses_http_and_https_urls) {
  const good_case cases[] = {
      {"http://127.0.0.1:8080/v21.0/123/messages", "127.0.0.1", 8080, "/v21.0/123/messages", "127.0.0.1:8080"},
      {"http://localhost", "localhost", 80, "/", "localhost:80"},
      {"HTTP://Example.com/a?b=c", "Example.com", 80, "/a?b=c", "Example.com:80"},
      {"http://host:9/?x=1#frag", "host", 9, "/?x=1", "host:9"},
      {"http://host?x=1", "host", 80, "/?x=1", "host:80"},
      {"http://[::1]:8443/p", "::1", 8443, "/p", "[::1]:8443"},
      {"http://[::1]", "::1", 80, "/", "[::1]:80"},
      {"https://graph.facebook.com/v21.0/1/messages", "graph.facebook.com", 443, "/v21.0/1/messages",
       "graph.facebook.com:443", true},
      {"HTTPS://127.0.0.1:8443", "127.0.0.1", 8443, "/", "127.0.0.1:8443", true},
      {"https://[::1]/p?q", "::1", 443, "/p?q", "[::1]:443", true},
      {"https://localhost:80/", "localhost", 80, "/", "localhost:80", true},
  };
  for (const auto& c : cases) {
    auto u = parse_url(c.text);
    ASSERT_TRUE(u) << c.text;
    EXPECT_EQ(u->host, c.host) << c.text;
    EXPECT_EQ(u->port, c.port) << c.text;
    EXPECT_EQ(u->target, c.target) << c.text;
    EXPECT_EQ(u->authority(), c.authority) << c.text;
    EXPECT_EQ(u->https, c.https) << c.text;
    EXPECT_EQ(u->origin(), std::string(c.https ? "https://" : "http://") + c.authority) << c.text;
  }
}

TEST(url, refuses_everything_else) {
  const char* cases[] = {
      "", "ftp://host/", "http://", "https://", "https:/host/", "httpss://host/", "http:s//host/",
      "https:///path", "https://host:0/", "https://user@host/", "https://[::1/", "http:///path", "http://user@host/", "http://host:/", "http://host:0/",
      "http://host:65536/", "http://host:80x/", "http://ho st/", "http://[::1/", "http://[]/", "http://[::1]x/",
      "http://[zz::1]/", "http://host/pa th", "http://host/\x01",
  };
  for (const char* c : cases) {
    auto u = parse_url(c);
    ASSERT_FALSE(u) << c;
    EXPECT_EQ(u.error(), error::invalid_url) << c;
  }
}

TEST(url, error_names_are_stable) {
  EXPECT_EQ(to_string(error::invalid_url), "invalid_url");
  EXPECT_EQ(to_string(error::resolve_failed), "resolve_failed");
  EXPECT_EQ(to_string(error::refused), "refused");
  EXPECT_EQ(to_string(error::timeout), "timeout");
  EXPECT_EQ(to_string(error::closed), "closed");
  EXPECT_EQ(to_string(error::bad_response), "bad_response");
  EXPECT_EQ(to_string(error::tls_setup_failed), "tls_setup_failed");
  EXPECT_EQ(to_string(error::tls_handshake_failed), "tls_handshake_failed");
  EXPECT_EQ(to_string(error::certificate_rejected), "certificate_rejected");
}

}  // namespace
}  // namespace cartbell::net
