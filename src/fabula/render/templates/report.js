/* fabula report: link the findings to the story text. Reads data-* attributes only; never writes HTML. */
(function () {
  "use strict";
  var story = document.getElementById("story");
  if (!story) { return; }
  var byKey = new Map();
  var byCharacter = new Map();
  var lit = [];

  function index(map, words, element) {
    words.split(" ").forEach(function (word) {
      if (!word) { return; }
      var list = map.get(word);
      if (!list) { list = []; map.set(word, list); }
      list.push(element);
    });
  }
  story.querySelectorAll("[data-k]").forEach(function (el) { index(byKey, el.getAttribute("data-k"), el); });
  story.querySelectorAll("[data-c]").forEach(function (el) { index(byCharacter, el.getAttribute("data-c"), el); });

  function clear() {
    lit.forEach(function (el) { el.classList.remove("lit", "lit-char", "lit-said", "selected"); });
    lit = [];
    ["pick-status", "go-status"].forEach(function (id) {
      var status = document.getElementById(id);
      if (status) { status.textContent = ""; }
    });
  }
  function mark(elements, css) {
    elements.forEach(function (el) { el.classList.add(css); lit.push(el); });
  }
  /* Scroll the story's own box when it scrolls (wide screens), then the page if the element would still
     be outside the window (phones, or a box that reaches past the window's bottom); else just the page. */
  function show(element) {
    if (!element) { return; }
    if (story.scrollHeight > story.clientHeight + 1) {
      var box = story.getBoundingClientRect();
      var at = element.getBoundingClientRect();
      var wanted = at.top - box.top - (box.height - at.height) / 2;
      var moved = Math.max(-story.scrollTop, Math.min(wanted, story.scrollHeight - story.clientHeight - story.scrollTop));
      story.scrollBy({ top: moved, behavior: "smooth" });
      var top = at.top - moved;  /* where the element will stand in the window */
      if (top < 0 || top + at.height > window.innerHeight) {
        window.scrollBy({ top: top - (window.innerHeight - at.height) / 2, behavior: "smooth" });
      }
    } else {
      element.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  /* A character: light up its mentions and the quotes it speaks. */
  function pick(id) {
    clear();
    var mentions = byCharacter.get(id) || [];
    mark(mentions, "lit-char");
    mark(byKey.get("said:" + id) || [], "lit-said");
    var label = id;
    var count = mentions.length;  /* marked pieces; a mention cut by another mark counts once via data-count */
    document.querySelectorAll("[data-pick]").forEach(function (el) {
      if (el.getAttribute("data-pick") !== id) { return; }
      mark([el], "selected");
      if (el.hasAttribute("data-label")) { label = el.getAttribute("data-label"); }
      if (el.hasAttribute("data-count")) { count = el.getAttribute("data-count"); }
    });
    var status = document.getElementById("pick-status");
    if (status) { status.textContent = label + ": " + count + " mentions marked in the text"; }
    show(mentions[0]);
  }

  /* A finding (ledger row, reveal, turning point): light up all its evidence, scroll to one piece. */
  function go(link, focus) {
    clear();
    var keys = link.getAttribute("data-go").split(" ");
    var count = 0;
    keys.forEach(function (key) {
      var found = byKey.get(key) || [];
      mark(found, "lit");
      count += found.length;
    });
    mark([link], "selected");
    var status = document.getElementById("go-status");
    if (status) { status.textContent = count ? "marked in the story text" : "not in the story text"; }
    show((byKey.get(focus || keys[0]) || [])[0]);
  }

  function activate(target) {
    if (!(target instanceof Element)) { return false; }
    var picker = target.closest("[data-pick]");
    if (picker) { pick(picker.getAttribute("data-pick")); return true; }
    var link = target.closest("[data-go]");
    if (link) {
      var focus = target.closest("[data-focus]");
      go(link, focus && link.contains(focus) ? focus.getAttribute("data-focus") : null);
      return true;
    }
    var mention = target.closest("#story [data-c]");
    if (mention) { pick(mention.getAttribute("data-c").split(" ")[0]); return true; }
    return false;
  }

  document.addEventListener("click", function (event) { activate(event.target); });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches && event.target.matches("[data-go]")) {
      event.preventDefault();
      activate(event.target);
    }
  });
  document.querySelectorAll("[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("show-" + box.getAttribute("data-layer"), box.checked);
    });
  });
}());
