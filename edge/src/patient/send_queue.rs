//! Delivering certificates the patient chose to send, through a Cloudflare Queue
//! (`SEND_QUEUE`): each message names a send; the consumer claims the next attempt from the
//! patient's object, delivers a signed request to the recipient's intake (with the send's id
//! as `Idempotency-Key`), and reports back. A recipient that is down is retried with a
//! doubling delay; a delivery is recorded once, with a signed disclosure receipt.

use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{Env, MessageBatch, MessageExt, QueueRetryOptionsBuilder};

use crate::http::error::ApiError;
use crate::patient::object::Client;
use crate::patient::object::sends::{Claimed, Done};
use crate::{bindings, patient::signed_fetch, runtime};

/// One queued send.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SendJob {
    /// The patient's subject id.
    pub(crate) subject: String,
    /// The send.
    pub(crate) send_id: String,
}

/// Queue send `send_id` of patient `subject` for delivery.
pub(crate) async fn enqueue(env: &Env, subject: &str, send_id: &str) -> Result<(), ApiError> {
    bindings::send_queue(env)?
        .send(SendJob {
            subject: subject.to_owned(),
            send_id: send_id.to_owned(),
        })
        .await?;
    Ok(())
}

/// What to do with a message after an attempt.
enum Next {
    /// Finished (delivered, given up, or nothing to do).
    Ack,
    /// Try again after this many seconds.
    RetryAfter(u32),
}

/// The delay before attempt `attempts + 1`: `base` doubled per attempt, at most an hour.
pub(crate) fn backoff(base: u32, attempts: u32) -> u32 {
    base.saturating_mul(1 << attempts.saturating_sub(1).min(16))
        .min(3_600)
}

/// How long past its time an attempt may be before its message is taken as lost and the
/// patient's object queues the send again: twice the first retry delay.
pub(crate) fn overdue_after(base: u32) -> u32 {
    base.saturating_mul(2)
}

/// The queue consumer.
pub(crate) async fn consume(batch: MessageBatch<SendJob>, env: Env) -> worker::Result<()> {
    let (base, _) = bindings::send_retry(&env);
    for message in batch.messages()? {
        let next = match attempt(&env, message.body()).await {
            Ok(next) => next,
            Err(e) => {
                worker::console_error!("send {}: {e}", message.body().send_id);
                Next::RetryAfter(base)
            }
        };
        match next {
            Next::Ack => message.ack(),
            Next::RetryAfter(seconds) => message.retry_with_options(
                &QueueRetryOptionsBuilder::new()
                    .with_delay_seconds(seconds)
                    .build(),
            ),
        }
    }
    Ok(())
}

async fn attempt(env: &Env, job: &SendJob) -> Result<Next, ApiError> {
    let (base, max_attempts) = bindings::send_retry(env);
    let client = Client::system(env, &job.subject)?;
    let Claimed::Deliver {
        attempts,
        recipient_id,
        certificate,
        content_hash,
        supersedes,
        ..
    } = client.claim_send(&job.send_id).await?
    else {
        return Ok(Next::Ack);
    };
    let finish = |delivered: bool, reference: Option<String>| async move {
        let done = Done {
            subject: job.subject.clone(),
            send_id: job.send_id.clone(),
            delivered,
            reference,
        };
        client.send_done(done).await.map(|_| Next::Ack)
    };
    let Some(recipient) = bindings::recipients(env)?
        .into_iter()
        .find(|r| r.id == recipient_id)
    else {
        worker::console_error!(
            "send {}: recipient {recipient_id} is no longer configured",
            job.send_id
        );
        return finish(false, None).await;
    };
    let mut body = json!({
        "send_id": job.send_id,
        "sent_at": samtycke_visitor::instant::to_rfc3339(runtime::now()),
        "certificate": certificate,
        "content_hash": content_hash,
    });
    // A corrected version tells the recipient, in the same signed request, which delivery of
    // an earlier version it replaces.
    if let Some(earlier) = supersedes {
        body["supersedes"] = json!(earlier);
    }
    let body = body.to_string();
    let answer =
        signed_fetch::post_json(env, &recipient.intake_url, &body, Some(&job.send_id)).await;
    let retryable = match &answer {
        Ok(a) if (200..300).contains(&a.status) => {
            let reference = serde_json::from_str::<serde_json::Value>(&a.body)
                .ok()
                .and_then(|v| v["reference"].as_str().map(str::to_owned));
            return finish(true, reference).await;
        }
        Ok(a) => a.status >= 500 || a.status == 408 || a.status == 429,
        Err(_) => true,
    };
    match &answer {
        Ok(a) => worker::console_error!(
            "send {}: {} answered {} (attempt {attempts})",
            job.send_id,
            recipient.id,
            a.status
        ),
        Err(e) => worker::console_error!(
            "send {}: {} unreachable (attempt {attempts}): {e}",
            job.send_id,
            recipient.id
        ),
    }
    if retryable && attempts < max_attempts {
        Ok(Next::RetryAfter(backoff(base, attempts)))
    } else {
        finish(false, None).await
    }
}

#[cfg(test)]
mod tests {
    use super::{backoff, overdue_after};

    #[test]
    fn a_lost_attempt_is_taken_as_overdue_after_twice_the_first_delay() {
        assert_eq!(overdue_after(30), 60);
        assert_eq!(overdue_after(1), 2);
        // Never a wrap-around into "at once" for an absurd setting.
        assert_eq!(overdue_after(u32::MAX), u32::MAX);
    }

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_an_hour() {
        assert_eq!(backoff(30, 1), 30);
        assert_eq!(backoff(30, 2), 60);
        assert_eq!(backoff(30, 5), 480);
        assert_eq!(backoff(30, 12), 3_600);
        assert_eq!(backoff(1, 3), 4);
    }
}
