//! DynamoDB's error types and the error value every layer returns.
//!
//! Message *texts* live in `messages.rs`; this file only knows the types, their wire names and namespaces.

use serde::{Deserialize, Serialize};

/// A DynamoDB error type (the part after `#` in `__type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorType {
    ValidationException,
    SerializationException,
    ResourceNotFoundException,
    ResourceInUseException,
    ConditionalCheckFailedException,
    TransactionCanceledException,
    TransactionInProgressException,
    /// A single-item write to an item held by an ongoing transaction (spec §1.10).
    TransactionConflictException,
    IdempotentParameterMismatchException,
    UnknownOperationException,
    MissingAuthenticationTokenException,
    InternalServerError,
}

impl ErrorType {
    /// The name as it appears after `#` in `__type` and in the AWS CLI's `An error occurred (<name>)`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorType::ValidationException => "ValidationException",
            ErrorType::SerializationException => "SerializationException",
            ErrorType::ResourceNotFoundException => "ResourceNotFoundException",
            ErrorType::ResourceInUseException => "ResourceInUseException",
            ErrorType::ConditionalCheckFailedException => "ConditionalCheckFailedException",
            ErrorType::TransactionCanceledException => "TransactionCanceledException",
            ErrorType::TransactionInProgressException => "TransactionInProgressException",
            ErrorType::TransactionConflictException => "TransactionConflictException",
            ErrorType::IdempotentParameterMismatchException => {
                "IdempotentParameterMismatchException"
            }
            ErrorType::UnknownOperationException => "UnknownOperationException",
            ErrorType::MissingAuthenticationTokenException => "MissingAuthenticationTokenException",
            ErrorType::InternalServerError => "InternalServerError",
        }
    }

    /// The namespace DynamoDB puts before `#` in `__type` (spec §1.1).
    pub fn namespace(self) -> &'static str {
        match self {
            ErrorType::ValidationException => "com.amazon.coral.validate",
            ErrorType::SerializationException
            | ErrorType::UnknownOperationException
            | ErrorType::MissingAuthenticationTokenException => "com.amazon.coral.service",
            _ => "com.amazonaws.dynamodb.v20120810",
        }
    }

    /// The full `__type` value.
    pub fn wire_type(self) -> String {
        format!("{}#{}", self.namespace(), self.name())
    }

    /// Whether the error body spells its message `Message` (capital M) rather than `message` (spec §1.1, §2.1).
    pub fn uses_capital_message(self) -> bool {
        matches!(
            self,
            ErrorType::SerializationException
                | ErrorType::TransactionCanceledException
                | ErrorType::IdempotentParameterMismatchException
                | ErrorType::UnknownOperationException
                | ErrorType::MissingAuthenticationTokenException
        )
    }
}

/// An error as DynamoDB returns it: a type and a message (the message may be empty, as for some
/// SerializationExceptions). Operation-specific payloads (cancellation reasons, the item returned with
/// ReturnValuesOnConditionCheckFailure) are carried by the operation layers, not here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error_type: ErrorType,
    pub message: String,
}

impl ApiError {
    pub fn new(error_type: ErrorType, message: impl Into<String>) -> Self {
        ApiError {
            error_type,
            message: message.into(),
        }
    }
    pub fn validation(message: impl Into<String>) -> Self {
        ApiError::new(ErrorType::ValidationException, message)
    }
    pub fn serialization(message: impl Into<String>) -> Self {
        ApiError::new(ErrorType::SerializationException, message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error_type.name(), self.message)
    }
}

impl std::error::Error for ApiError {}
