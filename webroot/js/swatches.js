// Paints the colour swatches the server rendered and names their colours: they carry their colour in data-colour,
// because the pages' Content-Security-Policy allows no style attributes (a style set through the DOM, as here, is
// not one).
'use strict';

document.querySelectorAll('.swatch[data-colour]').forEach(function (swatch) {
  swatch.style.background = swatch.dataset.colour;
});
document.querySelectorAll('.colour-name[data-colour]').forEach(function (name) {
  name.textContent = Texts.colourName(name.dataset.colour);
});
