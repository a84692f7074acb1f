// Estran's little script: live sandbox state (short polling), copy buttons, confirmations.
// Pages work without it; it only saves a reload.
(function () {
  "use strict";

  var POLL_MS = 2000;
  var WAITING = { PROVISIONING: true, DELETING: true };

  function liveSandboxes() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-sandbox]"));
  }

  function update(el, status) {
    var before = el.getAttribute("data-state");
    var label = el.querySelector("[data-state-label]");
    if (label) {
      label.textContent = status.label;
      label.className = "state state-" + status.state;
    }
    var left = el.querySelector("[data-time-left]");
    if (left) {
      left.textContent = status.timeLeft;
    }
    el.setAttribute("data-state", status.state);
    if (before !== status.state && el.hasAttribute("data-reload-on-change")) {
      window.location.reload();
    }
  }

  function poll() {
    var waiting = liveSandboxes().filter(function (el) {
      return WAITING[el.getAttribute("data-state")];
    });
    if (waiting.length === 0) {
      return;
    }
    Promise.all(waiting.map(function (el) {
      return fetch("/sandboxes/" + el.getAttribute("data-sandbox") + "/status", {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (status) {
        if (status) {
          update(el, status);
        }
      }).catch(function () { /* try again at the next tick */ });
    })).then(function () {
      window.setTimeout(poll, POLL_MS);
    });
  }

  function copyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        if (source && navigator.clipboard) {
          navigator.clipboard.writeText(source.textContent.trim()).then(function () {
            var done = button.getAttribute("data-copied");
            if (done) {
              button.textContent = done;
            }
          });
        }
      });
    });
  }

  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) {
          event.preventDefault();
        }
      });
    });
  }

  // --- Class provisioning progress (pages-admin): polls the cohort's progress.json while any
  // member is queued or provisioning, and updates each member's row.
  function pollProgress() {
    var table = document.querySelector("table[data-progress]");
    if (!table) {
      return;
    }
    var busy = table.querySelector("tr[data-step='QUEUED'], tr[data-step='PROVISIONING']");
    if (!busy) {
      return;
    }
    fetch(table.getAttribute("data-progress"), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (progress) {
      if (progress) {
        progress.members.forEach(function (member) {
          table.querySelectorAll("tr[data-member]").forEach(function (row) {
            if (row.getAttribute("data-member") !== member.email) {
              return;
            }
            row.setAttribute("data-step", member.step);
            var label = row.querySelector("[data-step-label]");
            label.textContent = member.label;
            label.className = "step step-" + member.step;
            row.querySelector("[data-step-detail]").textContent = member.detail;
          });
        });
        var status = document.getElementById("progress-status");
        if (progress.settled && status) {
          status.textContent = status.getAttribute("data-settled-text");
        }
      }
    }).catch(function () { /* try again at the next tick */ }).then(function () {
      window.setTimeout(pollProgress, POLL_MS);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    copyButtons();
    confirmations();
    window.setTimeout(poll, POLL_MS);
    window.setTimeout(pollProgress, POLL_MS);
  });
})();
