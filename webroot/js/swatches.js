// Paints the colour swatches the server rendered: they carry their colour in data-colour, because the pages'
// Content-Security-Policy allows no style attributes (a style set through the DOM, as here, is not one).
'use strict';

document.querySelectorAll('.swatch[data-colour]').forEach(function (swatch) {
  swatch.style.background = swatch.dataset.colour;
});
