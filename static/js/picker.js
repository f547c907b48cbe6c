// Search-as-you-type pickers (lgsys/pickers.py): the search box asks the
// server for the first matches; a ticked match moves to the chosen list, which
// is what the form posts. No build step, no inline script (the CSP forbids it).
(function () {
  "use strict";
  var timers = new WeakMap();

  function picker(el) { return el.closest("[data-picker]"); }

  function search(box) {
    var root = picker(box);
    var results = root.querySelector(".picker__results");
    var url = new URL(root.dataset.pickerUrl, window.location.href);
    url.searchParams.set("q", box.value);
    url.searchParams.set("name", root.dataset.pickerName);
    if (root.hasAttribute("data-picker-multiple")) url.searchParams.set("multiple", "1");
    var asked = box.value;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "picker" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        if (box.value !== asked) return; // a newer search is on its way
        results.innerHTML = html;
        var chosen = root.querySelector(".picker__chosen");
        results.querySelectorAll("input").forEach(function (input) {
          if (chosen.querySelector('input[value="' + CSS.escape(input.value) + '"]')) {
            input.closest("li").remove();
          }
        });
      })
      .catch(function () {
        results.innerHTML = "";
        var li = document.createElement("li");
        li.className = "picker__nothing";
        li.textContent = root.dataset.pickerError || "";
        results.appendChild(li);
      });
  }

  function later(box) {
    clearTimeout(timers.get(box));
    timers.set(box, setTimeout(function () { search(box); }, 250));
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches(".picker__search")) later(event.target);
  });
  document.addEventListener("focusin", function (event) {
    var box = event.target;
    if (box.matches(".picker__search") && !picker(box).querySelector(".picker__results li")) {
      search(box);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches(".picker__search")) {
      event.preventDefault(); // Enter searches; it does not send the form
      clearTimeout(timers.get(event.target));
      search(event.target);
    }
  });
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.closest(".picker__results") || !input.checked) return;
    var root = picker(input);
    var chosen = root.querySelector(".picker__chosen");
    chosen.querySelectorAll(".picker__nothing").forEach(function (li) { li.remove(); });
    if (input.type === "radio") {
      chosen.querySelectorAll("li").forEach(function (li) {
        var other = li.querySelector("input");
        if (other && other.value !== "") li.remove();
      });
    }
    chosen.appendChild(input.closest("li"));
    input.checked = true;
    input.focus(); // moving the element took the focus away
  });
})();
