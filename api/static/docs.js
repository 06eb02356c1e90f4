// Starts Swagger UI on Ruta's /docs page. A file of its own, not an inline script, so that the
// page runs under a Content-Security-Policy without 'unsafe-inline'. The page says where the
// OpenAPI document is (data-openapi); nothing is fetched from anywhere but Ruta.
"use strict";

window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // The public validator badge would fetch from outside; the document is checked in tests.
    validatorUrl: null,
    // A token stays in this tab's memory only, never in the browser's storage.
    persistAuthorization: false,
    displayRequestDuration: true,
  });
});
