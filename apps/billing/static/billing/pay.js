// The shop's card payment (templates/billing/shop.html, authenticate.html), with Stripe.js
// (or localstripe's stand-in on a local run). The card is typed into Stripe's Element and
// turned into a token there; the form sends the token, never the card. When the bank asks
// the buyer to authenticate, Stripe.js handles it and the page goes to the purchase's return
// address, which asks Stripe how the payment ended.
"use strict";

(() => {
  const form = document.querySelector("[data-pay]");
  if (form && window.Stripe) {
    const stripe = window.Stripe(form.dataset.stripeKey);
    const card = stripe.elements().create("card");
    card.mount("#card-element");
    const problem = form.querySelector("[data-card-error]");
    const token = form.querySelector('input[name="card_token"]');
    const button = form.querySelector('button[type="submit"]');
    let ready = false;
    const refuse = (message) => {
      problem.textContent = message || "Check the card's details: number, expiry, security code.";
      problem.hidden = false;
      button.disabled = false;
    };
    form.addEventListener("submit", async (event) => {
      if (ready) return;
      event.preventDefault();
      button.disabled = true;
      problem.hidden = true;
      let result;
      try {
        result = await stripe.createToken(card);
      } catch (error) {
        refuse();
        return;
      }
      if (!result || result.error || !result.token) {
        refuse(result && result.error && result.error.message);
        return;
      }
      token.value = result.token.id;
      ready = true;
      form.submit();
    });
  }

  const waiting = document.querySelector("[data-authenticate]");
  if (waiting && window.Stripe) {
    // Without payment data, confirmCardPayment performs the intent's pending action
    // (the bank's authentication) on Stripe, and on localstripe.
    window
      .Stripe(waiting.dataset.stripeKey)
      .confirmCardPayment(waiting.dataset.clientSecret)
      .finally(() => window.location.assign(waiting.dataset.return));
  }
})();
