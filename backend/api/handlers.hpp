#pragma once
// Route registration of each resource, one file each. install_api_routes (api/install.hpp)
// calls them all with one shared context.

#include <memory>

#include "api/context.hpp"
#include "server/router.hpp"

namespace cartbell::api {

using context_ptr = std::shared_ptr<api_context>;

/// GET /v1/widget/config and the widget preflight (widget_config.cpp).
[[nodiscard]] bool add_widget_config_routes(server::router& r, const context_ptr& ctx);
/// POST /v1/optins and GET /v1/optins/{id} (optins.cpp).
[[nodiscard]] bool add_optin_routes(server::router& r, const context_ptr& ctx);
/// GET /.well-known/cartbell/keys (keys.cpp).
[[nodiscard]] bool add_key_routes(server::router& r, const context_ptr& ctx);
/// GET and POST /webhooks/whatsapp (webhooks.cpp).
[[nodiscard]] bool add_webhook_routes(server::router& r, const context_ptr& ctx);
/// POST /v1/consents/withdraw (consents.cpp).
[[nodiscard]] bool add_consent_routes(server::router& r, const context_ptr& ctx);

/// POST /v1/subscriptions (subscriptions.cpp).
[[nodiscard]] bool add_subscription_routes(server::router& r, const context_ptr& ctx);
/// GET /v1/admin/consents and DELETE /v1/admin/contacts/{phone} (admin.cpp).
[[nodiscard]] bool add_admin_routes(server::router& r, const context_ptr& ctx);
/// POST and GET /v1/admin/messages (admin_messages.cpp).
[[nodiscard]] bool add_admin_message_routes(server::router& r, const context_ptr& ctx);

/// 500 store_error for a failed store call (the code only; details stay in the log).
[[nodiscard]] server::http_response store_failure(const api_context& ctx, store::error e);

}  // namespace cartbell::api
