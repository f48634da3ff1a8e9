// Runs first thing in <body> (a file, not inline: the Content-Security-Policy allows no inline
// script). GOV.UK Frontend styles for JavaScript only when these classes are on <body>.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
