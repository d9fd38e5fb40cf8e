// Detente document view: hovering, focusing or clicking a highlight shows the coded record(s) of its events.
// The records are the server-rendered event cards (already escaped text); this script only clones DOM nodes
// and never parses strings as HTML.
(function () {
  "use strict";

  function cardsFor(mark) {
    var ids = (mark.getAttribute("data-events") || "").split(" ").filter(Boolean);
    return ids.map(function (id) { return document.getElementById("card-" + id); }).filter(Boolean);
  }

  function setup() {
    var text = document.querySelector(".doc-text");
    if (!text) { return; }
    var tip = document.getElementById("tip");
    var active = [];

    function clearActive() {
      active.forEach(function (el) { el.classList.remove("active"); });
      active = [];
    }

    function show(mark) {
      var cards = cardsFor(mark);
      if (!cards.length) { return; }
      clearActive();
      while (tip.firstChild) { tip.removeChild(tip.firstChild); }
      cards.forEach(function (card) {
        var copy = card.cloneNode(true);
        copy.removeAttribute("id");
        copy.classList.remove("selected");
        tip.appendChild(copy);
        card.classList.add("active");
        active.push(card);
      });
      var box = mark.getBoundingClientRect();
      tip.hidden = false;
      var left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth -
        tip.offsetWidth - 12);
      tip.style.left = Math.max(8, left) + "px";
      tip.style.top = (window.scrollY + box.bottom + 6) + "px";
    }

    function hide() {
      tip.hidden = true;
      clearActive();
    }

    function select(mark) {
      var ids = (mark.getAttribute("data-events") || "").split(" ");
      document.querySelectorAll("mark.ev.selected, .event-card.selected").forEach(function (el) {
        el.classList.remove("selected");
      });
      document.querySelectorAll("mark.ev").forEach(function (el) {
        var its = (el.getAttribute("data-events") || "").split(" ");
        if (its.some(function (id) { return ids.indexOf(id) >= 0; })) { el.classList.add("selected"); }
      });
      var cards = cardsFor(mark);
      cards.forEach(function (card) { card.classList.add("selected"); });
      if (cards.length && cards[0].scrollIntoView) { cards[0].scrollIntoView({block: "nearest"}); }
    }

    text.addEventListener("mouseover", function (e) {
      var mark = e.target.closest("mark.ev");
      if (mark) { show(mark); }
    });
    text.addEventListener("mouseout", function (e) {
      var mark = e.target.closest("mark.ev");
      if (mark && !mark.contains(e.relatedTarget)) { hide(); }
    });
    text.addEventListener("focusin", function (e) {
      var mark = e.target.closest("mark.ev");
      if (mark) { show(mark); }
    });
    text.addEventListener("focusout", hide);
    text.addEventListener("click", function (e) {
      var mark = e.target.closest("mark.ev");
      if (mark) { select(mark); show(mark); }
    });
    text.addEventListener("keydown", function (e) {
      var mark = e.target.closest("mark.ev");
      if (mark && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); select(mark); show(mark); }
      if (e.key === "Escape") { hide(); }
    });

    // Hovering a card lights up its evidence in the text.
    document.querySelectorAll(".event-card[data-event]").forEach(function (card) {
      var id = card.getAttribute("data-event");
      card.addEventListener("mouseenter", function () {
        document.querySelectorAll("mark.ev").forEach(function (el) {
          if ((el.getAttribute("data-events") || "").split(" ").indexOf(id) >= 0) { el.classList.add("hover"); }
        });
      });
      card.addEventListener("mouseleave", function () {
        document.querySelectorAll("mark.ev.hover").forEach(function (el) { el.classList.remove("hover"); });
      });
    });

    var selected = document.querySelector("mark.ev.selected");
    if (selected && selected.scrollIntoView) { selected.scrollIntoView({block: "center"}); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
