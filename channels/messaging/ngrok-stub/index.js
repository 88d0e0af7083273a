'use strict';
// bottender only calls ngrok from its `bottender dev` CLI tunnel; Switchboard embeds bottender as a library.
function unavailable() {
  throw new Error('ngrok is not bundled with Switchboard; expose PUBLIC_URL another way');
}
module.exports = { connect: unavailable, disconnect: unavailable, kill: unavailable };
