#pragma once
/// Sign-up, sessions and API keys: token storage, the authenticator and their routes.
#include <vector>

#include "auth/service.hpp"
#include "auth/token_repository.hpp"
#include "platform/module.hpp"
#include "platform/platform.hpp"

namespace cw::auth {

class AuthModule final : public platform::Module {
 public:
  AuthModule(platform::Platform& platform, std::vector<SigningKey> keys, orgs::OrgService& orgs,
             http::RateLimiter& limiter);
  void add_routes(http::Router& router) override;

  TokenRepository tokens;
  AuthService service;

 private:
  orgs::OrgService& orgs_;
};

}  // namespace cw::auth
