// Starts GOV.UK Frontend's components. The module's URL (hashed by collectstatic) is on the
// script tag that loads this file, so this file never needs to know it.
const script = document.querySelector("script[data-govuk-frontend]");
import(script.dataset.govukFrontend).then(({ initAll }) => {
  initAll();
  // GOV.UK's conditional reveal (Radios) also sets aria-expanded on each radio, which ARIA does not
  // allow on a radio (axe-core: aria-allowed-attr). The revealed field stays tied to its radio by
  // aria-controls; these listeners run after GOV.UK's own (click bubbles to the document later).
  const strip = () => {
    document.querySelectorAll('input[type="radio"][aria-expanded]').forEach((radio) => radio.removeAttribute("aria-expanded"));
  };
  strip();
  document.addEventListener("click", strip);
  window.addEventListener("pageshow", strip);
});
